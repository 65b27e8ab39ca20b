package cn.luohe.grassroots.leagueorg.internal;

import cn.luohe.grassroots.leagueorg.api.HostUnitAttributes;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import org.jspecify.annotations.Nullable;

/** A validated registration (also what an Idempotency-Key's request hash covers). */
public record NewHostUnit(String name, long countyId, @Nullable Long townId, HostUnitKind kind,
		HostUnitAttributes attributes) {
}
