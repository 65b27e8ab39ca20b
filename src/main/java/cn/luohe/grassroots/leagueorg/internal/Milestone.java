package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;
import java.time.LocalDate;

import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import org.jspecify.annotations.Nullable;

/** A dated milestone with the name of what it is about. */
public record Milestone(long id, MilestoneKind kind, long countyId, @Nullable Long townId, @Nullable Long hostUnitId,
		@Nullable HostUnitKind hostUnitKind, @Nullable Long leagueOrgId, LocalDate occurredOn, @Nullable String note,
		String subjectName, Instant createdAt) {
}
