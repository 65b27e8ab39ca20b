/**
 * 青年之家 Youth Homes. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "youthhome")
package cn.luohe.grassroots.youthhome;

import org.springframework.modulith.ApplicationModule;
