package cn.luohe.grassroots.leagueorg.api;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A league organisation with its host unit, as the monthly forms list it.
 * {@code countyId} is the host unit's county-level unit (the city for 市直 units).
 */
public record LeagueOrgRecord(long id, String name, LeagueOrgType type, LeagueDomain domain, LocalDate foundedOn,
		boolean teacherBranch, @Nullable LocalDate dissolvedOn, @Nullable Long parentId, long hostUnitId,
		String hostUnitName, HostUnitKind hostUnitKind, HostUnitAttributes hostUnitAttributes, long countyId,
		@Nullable Long townId) {
}
