package cn.luohe.grassroots.leagueorg.api;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A milestone with what it is about: {@code subjectName} is the school, organisation,
 * town or county it names (for forms' name lists).
 */
public record MilestoneRecord(long id, MilestoneKind kind, LocalDate occurredOn, long countyId, @Nullable Long townId,
		@Nullable Long hostUnitId, @Nullable HostUnitKind hostUnitKind, @Nullable Long leagueOrgId,
		String subjectName) {
}
