/**
 * The work ledger (附件3 台账): tasks, assignments, progress, flags and supervision. Other
 * features use only its {@code api} package (the caller's month).
 */
@ApplicationModule(displayName = "ledger")
@NullMarked
package cn.luohe.grassroots.ledger;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
