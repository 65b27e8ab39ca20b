/**
 * Start-up wiring: embedded servers, security, the clock, warm-ups. Depends on the shared
 * kit only; no feature depends on it.
 */
@ApplicationModule(displayName = "config")
package cn.luohe.grassroots.config;

import org.springframework.modulith.ApplicationModule;
