package cn.luohe.grassroots.feed.web;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/** Views of the feed endpoints. No phone numbers or openids: names and org names only. */
final class FeedViews {

	private FeedViews() {
	}

	/**
	 * One event of the history list. {@code recordType} and {@code recordId} name the
	 * record to open (recordId null on events older than the field); {@code thumbnails}
	 * the cleared photos' thumbnail URLs.
	 */
	record FeedItemView(long id, String type, long orgId, String orgName, @Nullable Long townId,
			@Nullable Long countyId, String actorName, Instant occurredAt, String summary, String recordType,
			@Nullable Long recordId, List<String> thumbnails, List<Long> retracts) {
	}

	/** The {@code data} of one SSE event; its id is the SSE {@code id}. */
	record FeedEventData(String type, long orgId, String orgName, @Nullable Long townId, @Nullable Long countyId,
			String actorName, Instant occurredAt, String summary, String recordType, @Nullable Long recordId,
			List<String> thumbnails, List<Long> retracts) {
	}

	/** The {@code data} of a {@code reset} event. */
	record ResetData(String reason) {
	}

	record TicketView(String ticket, Instant expiresAt) {

		@Override
		public String toString() {
			return "TicketView[******]";
		}

	}

}
