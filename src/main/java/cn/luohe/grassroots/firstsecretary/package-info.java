/**
 * 第一团支书 first branch secretaries. No other feature uses it.
 */
@ApplicationModule(displayName = "firstsecretary")
@NullMarked
package cn.luohe.grassroots.firstsecretary;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
