package cn.luohe.grassroots.youthhome.internal;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/** What a registration of a Youth Home carries. */
public record NewYouthHome(String name, long townId, @Nullable String address, @Nullable GeoPoint location) {
}
