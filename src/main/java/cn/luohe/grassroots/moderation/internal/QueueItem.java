package cn.luohe.grassroots.moderation.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One item of the moderation queue; {@code heldEvent} is the withheld feed event (JSON)
 * of a held text.
 */
public record QueueItem(long id, ItemKind kind, ItemStatus status, @Nullable String recordType, @Nullable Long recordId,
		@Nullable Long photoId, @Nullable Long orgId, long authorId, String authorName, String excerpt,
		@Nullable String reason, @Nullable String label, @Nullable String heldEvent, Instant createdAt,
		@Nullable Instant decidedAt, @Nullable Long decidedBy, @Nullable String decisionNote) {
}
