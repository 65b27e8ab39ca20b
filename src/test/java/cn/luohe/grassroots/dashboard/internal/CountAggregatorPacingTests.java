package cn.luohe.grassroots.dashboard.internal;

import java.time.Duration;
import java.time.OffsetDateTime;

import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running aggregator (default settings: a look every 200 ms, a recount gap of 1 s)
 * recounts a town-month at most once per gap: a mark that arrives just after a recount
 * waits out the gap, while another town-month's mark of the same moment goes at the next
 * look. A month no other test uses, so that no other mark of it interferes.
 */
class CountAggregatorPacingTests extends ApiTest {

	private static final String MONTH = "2031-01-01";

	@AfterEach
	void forgetTheMonth() {
		Db.count("WITH d AS (DELETE FROM town_month_counts WHERE month = DATE '" + MONTH
				+ "' RETURNING 1) SELECT count(*) FROM d");
		Db.count("WITH d AS (DELETE FROM area_month_counts WHERE month = DATE '" + MONTH
				+ "' RETURNING 1) SELECT count(*) FROM d");
	}

	@Test
	void shouldRecountABusyTownMonthOncePerGapAndAQuietOneAtTheNextLook() {
		long busy = Db.orgId("411121100");
		long quiet = Db.orgId("411121101");
		long first = mark(busy);
		OffsetDateTime firstTaken = awaitTaken(first);
		long second = mark(busy);
		long other = mark(quiet);
		OffsetDateTime otherTaken = awaitTaken(other);
		OffsetDateTime secondTaken = awaitTaken(second);

		// consumed_at is the taking transaction's start: the busy town's second mark was
		// left for a look at least a gap after its first recount, the quiet town's mark
		// of
		// the same moment was taken before it (without pacing both go in one batch)
		assertThat(Duration.between(firstTaken, secondTaken)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(otherTaken).isBefore(secondTaken);
		assertThat(Db.count(
				"SELECT count(*) FROM town_month_counts WHERE month = DATE '" + MONTH + "' AND town_id IN (?, ?)", busy,
				quiet))
			.isEqualTo(2);
	}

	private static long mark(long townId) {
		return Db.count("INSERT INTO count_dirty (town_id, month) VALUES (?, DATE '" + MONTH + "') RETURNING id",
				townId);
	}

	private static OffsetDateTime awaitTaken(long markId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> Db.single("SELECT consumed_at FROM count_dirty WHERE id = ?", OffsetDateTime.class, markId),
					taken -> taken != null);
	}

}
