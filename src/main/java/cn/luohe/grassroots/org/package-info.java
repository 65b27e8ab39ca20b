/**
 * Org tree. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "org")
@NullMarked
package cn.luohe.grassroots.org;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
