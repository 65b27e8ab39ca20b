/**
 * Live feed. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "feed")
@NullMarked
package cn.luohe.grassroots.feed;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
