package cn.luohe.grassroots.visit.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A correction of a visit: null fields stay as they are (an empty note clears it, an
 * empty list removes the photos). {@code reason} is required from administrators.
 */
public record AmendCommand(@Nullable String note, @Nullable Long visitedOrgId, @Nullable List<Long> photoIds,
		@Nullable String reason) {
}
