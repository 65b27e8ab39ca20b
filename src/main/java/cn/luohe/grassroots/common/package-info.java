/**
 * The shared kit every feature uses (errors, paging, ids, time, idempotency, database
 * helpers). It depends on no feature; all its packages are open to every feature.
 */
@ApplicationModule(displayName = "common", type = ApplicationModule.Type.OPEN)
@NullMarked
package cn.luohe.grassroots.common;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
