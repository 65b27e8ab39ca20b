/**
 * League organisations, host units, milestones and coverage. Other features use only its
 * {@code api} package.
 */
@ApplicationModule(displayName = "leagueorg")
@NullMarked
package cn.luohe.grassroots.leagueorg;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
