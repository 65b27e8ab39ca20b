package cn.luohe.grassroots.moderation.api;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A photo was withdrawn (WeChat judged it risky, or an admin removed it): its owner is to
 * be told. {@code label} is WeChat's label when WeChat decided; {@code reason} the
 * admin's when one did.
 */
public record PhotoWithdrawn(long photoId, long ownerId, Instant at, @Nullable String label, @Nullable String reason) {
}
