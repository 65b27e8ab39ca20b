/**
 * Media: photos. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "media")
@NullMarked
package cn.luohe.grassroots.media;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
