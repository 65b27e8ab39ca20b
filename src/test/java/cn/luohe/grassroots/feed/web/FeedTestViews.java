package cn.luohe.grassroots.feed.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the feed, as far as the tests read them (a history item is
 * {@link cn.luohe.grassroots.support.Responses.FeedItem}, shared with the records'
 * tests).
 */
final class FeedTestViews {

	private FeedTestViews() {
	}

	/** The data of one event of the stream (its id is the SSE id). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record StreamedEvent(String type, long orgId, String orgName, @Nullable Long townId, @Nullable Long countyId,
			String actorName, String occurredAt, String summary, String recordType, @Nullable Long recordId,
			List<String> thumbnails, List<Long> retracts) {
	}

	/** A need opened from the feed. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OpenedNeed(long id, long visitId, @Nullable String response) {
	}

	/** An activity opened from the feed by its own id. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OpenedActivity(long id, long youthHomeId) {
	}

	/** A ledger report opened from the feed. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OpenedReport(long id, String text) {
	}

}
