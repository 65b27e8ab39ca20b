/**
 * What other features may use of reminders: putting a reminder into a user's inbox.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.reminder.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
