package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;

import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import org.jspecify.annotations.Nullable;

public record NewLeagueOrg(String name, LeagueOrgType type, long hostUnitId, @Nullable Long parentId,
		LocalDate foundedOn, boolean teacherBranch) {
}
