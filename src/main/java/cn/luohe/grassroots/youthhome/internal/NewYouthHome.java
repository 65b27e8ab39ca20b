package cn.luohe.grassroots.youthhome.internal;

import org.jspecify.annotations.Nullable;

/** What a registration of a Youth Home carries. */
public record NewYouthHome(String name, long townId, @Nullable String address, @Nullable Place location) {
}
