package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;

import cn.luohe.grassroots.leagueorg.api.HostUnitAttributes;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.HostUnitProfile;
import org.jspecify.annotations.Nullable;

/** A unit where a league organisation can exist (建团单位). */
public record HostUnit(long id, String name, long countyId, @Nullable Long townId, HostUnitKind kind,
		HostUnitAttributes attributes, Instant createdAt) {

	public HostUnitProfile profile() {
		return this.attributes.profile(this.kind);
	}

}
