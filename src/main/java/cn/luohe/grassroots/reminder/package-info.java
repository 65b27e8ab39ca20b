/**
 * Reminders: rules on the business calendar (visit week, Youth Home activities, the
 * monthly forms, ledger deadlines, needs, black flags) write each reminder once into the
 * recipient's inbox and queue a WeChat subscribe message when a template and a consent
 * allow it. Reads other features through their {@code api} packages only.
 */
@ApplicationModule(displayName = "reminder")
@NullMarked
package cn.luohe.grassroots.reminder;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
