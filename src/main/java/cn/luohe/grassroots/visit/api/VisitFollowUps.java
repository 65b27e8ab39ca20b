package cn.luohe.grassroots.visit.api;

import java.time.Instant;
import java.time.YearMonth;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/** What reminders about visits and needs ask (live records only, never voided ones). */
public interface VisitFollowUps {

	/** Users with a completed visit in {@code month}'s visit week; one statement. */
	Flux<Long> completedVisitors(YearMonth month);

	/** Needs still open that were heard from {@code from} (inclusive) to {@code to}. */
	Flux<NeedRef> openNeedsHeard(Instant from, Instant to);

	/** Needs resolved from {@code from} (inclusive) to {@code to}. */
	Flux<NeedRef> needsResolved(Instant from, Instant to);

	/** A need, with the org it was heard at and who heard it. */
	record NeedRef(long id, long orgId, String orgName, String orgPath, long heardBy, String text, Instant createdAt,
			@Nullable Instant resolvedAt, @Nullable String response) {
	}

}
