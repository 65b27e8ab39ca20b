/**
 * Media: photos. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "media")
package cn.luohe.grassroots.media;

import org.springframework.modulith.ApplicationModule;
