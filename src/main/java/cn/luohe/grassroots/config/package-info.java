/**
 * Start-up wiring: embedded servers, security, the clock, warm-ups. Depends on the shared
 * kit only; no feature depends on it.
 */
@ApplicationModule(displayName = "config")
@NullMarked
package cn.luohe.grassroots.config;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
