/**
 * Live feed. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "feed")
package cn.luohe.grassroots.feed;

import org.springframework.modulith.ApplicationModule;
