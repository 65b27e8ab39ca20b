/**
 * 青年之家 Youth Homes. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "youthhome")
@NullMarked
package cn.luohe.grassroots.youthhome;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
