package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/** A theme as a county secretary publishes it. */
public record NewTheme(long countyId, YearMonth month, String title, @Nullable String description) {
}
