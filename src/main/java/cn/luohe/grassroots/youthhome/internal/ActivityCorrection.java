package cn.luohe.grassroots.youthhome.internal;

import org.jspecify.annotations.Nullable;

/** A correction of an activity: null fields stay as they are. */
public record ActivityCorrection(@Nullable String title, @Nullable Integer participants, @Nullable String description,
		String reason) {
}
