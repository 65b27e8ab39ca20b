/**
 * The work ledger (附件3 台账): tasks, assignments, progress, flags and supervision. Other
 * features use nothing of it.
 */
@ApplicationModule(displayName = "ledger")
@NullMarked
package cn.luohe.grassroots.ledger;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
