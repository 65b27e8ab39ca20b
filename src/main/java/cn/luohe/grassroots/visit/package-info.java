/**
 * 走基层 visits. No other feature uses it.
 */
@ApplicationModule(displayName = "visit")
package cn.luohe.grassroots.visit;

import org.springframework.modulith.ApplicationModule;
