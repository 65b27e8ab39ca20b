package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;
import java.time.LocalDate;

import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import org.jspecify.annotations.Nullable;

/** A league organisation with its host unit's name and kind. */
public record LeagueOrg(long id, String name, LeagueOrgType type, long hostUnitId, String hostUnitName,
		HostUnitKind hostUnitKind, long countyId, LeagueDomain domain, @Nullable Long parentId, LocalDate foundedOn,
		boolean teacherBranch, @Nullable LocalDate dissolvedOn, @Nullable String dissolutionReason, Instant createdAt,
		long createdBy, @Nullable Instant voidedAt) {

	public String status() {
		return (this.dissolvedOn != null) ? "DISSOLVED" : "ACTIVE";
	}

}
