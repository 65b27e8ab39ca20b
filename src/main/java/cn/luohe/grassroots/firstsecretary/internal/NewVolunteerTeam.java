package cn.luohe.grassroots.firstsecretary.internal;

import org.jspecify.annotations.Nullable;

/** A volunteer team as its county registers it. */
public record NewVolunteerTeam(long countyId, String name, @Nullable Integer members) {
}
