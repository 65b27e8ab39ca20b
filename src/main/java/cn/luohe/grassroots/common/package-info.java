/**
 * The shared kit every feature uses (errors, paging, ids, time, idempotency, database
 * helpers). It depends on no feature; all its packages are open to every feature.
 */
@ApplicationModule(displayName = "common", type = ApplicationModule.Type.OPEN)
package cn.luohe.grassroots.common;

import org.springframework.modulith.ApplicationModule;
