/**
 * 走基层 visits. Other features use only its {@code api} package (the caller's month).
 */
@ApplicationModule(displayName = "visit")
@NullMarked
package cn.luohe.grassroots.visit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
