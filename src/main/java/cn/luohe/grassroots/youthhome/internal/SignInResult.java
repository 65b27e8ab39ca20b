package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;

/** What a participant is told after signing in (the first time or again). */
public record SignInResult(long activityId, String title, long verifiedParticipants, Instant signedInAt) {
}
