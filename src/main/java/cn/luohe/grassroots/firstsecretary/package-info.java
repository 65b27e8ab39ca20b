/**
 * 第一团支书 first branch secretaries. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "firstsecretary")
@NullMarked
package cn.luohe.grassroots.firstsecretary;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
