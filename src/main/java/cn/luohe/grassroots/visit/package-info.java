/**
 * 走基层 visits. No other feature uses it.
 */
@ApplicationModule(displayName = "visit")
@NullMarked
package cn.luohe.grassroots.visit;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
