package cn.luohe.grassroots.visit.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** A visitor's 走基层 duty of a month, for their own month view. */
public interface VisitDuties {

	/** The visit week of {@code month}: business dates, Asia/Shanghai. */
	Week visitWeek(YearMonth month);

	/**
	 * The user's visits of {@code month} (two statements): completed visits in visit
	 * week, the visit still open at {@code now}, and the needs they heard with their
	 * answers.
	 */
	Mono<Month> month(long userId, YearMonth month, Instant now);

	record Week(LocalDate firstDay, LocalDate lastDay) {

		public boolean contains(LocalDate date) {
			return !date.isBefore(this.firstDay) && !date.isAfter(this.lastDay);
		}

	}

	/**
	 * @param completedInVisitWeek completed visits that fulfil the month's duty
	 */
	record Month(long completedInVisitWeek, @Nullable OpenVisit openVisit, List<HeardNeed> needs) {

		public boolean done() {
			return this.completedInVisitWeek > 0;
		}

	}

	record OpenVisit(long id, long orgId, String orgName, Instant receivedAt, Instant closesAt) {
	}

	record HeardNeed(long id, long visitId, long orgId, String orgName, String text, String status, Instant createdAt,
			@Nullable String response, @Nullable Instant resolvedAt) {
	}

}
