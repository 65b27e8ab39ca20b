/**
 * 第一团支书 first branch secretaries. No other feature uses it.
 */
@ApplicationModule(displayName = "firstsecretary")
package cn.luohe.grassroots.firstsecretary;

import org.springframework.modulith.ApplicationModule;
