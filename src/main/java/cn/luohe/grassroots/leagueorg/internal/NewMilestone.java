package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;

import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import org.jspecify.annotations.Nullable;

public record NewMilestone(MilestoneKind kind, @Nullable Long countyId, @Nullable Long townId,
		@Nullable Long hostUnitId, @Nullable Long leagueOrgId, LocalDate occurredOn, @Nullable String note) {
}
