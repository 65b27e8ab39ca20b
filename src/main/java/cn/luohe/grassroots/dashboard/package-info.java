/**
 * Dashboards and reports. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "dashboard")
@NullMarked
package cn.luohe.grassroots.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
