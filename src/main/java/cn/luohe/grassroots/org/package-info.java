/**
 * Org tree. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "org")
package cn.luohe.grassroots.org;

import org.springframework.modulith.ApplicationModule;
