/**
 * Dashboards and reports. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "dashboard")
package cn.luohe.grassroots.dashboard;

import org.springframework.modulith.ApplicationModule;
