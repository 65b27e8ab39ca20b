package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** The state of an activity's sign-in, without its key. */
public record SignInSession(long activityId, boolean open, Instant openedAt, Instant closesAt,
		@Nullable Instant closedAt, long verifiedParticipants, int rotatesEverySeconds) {
}
