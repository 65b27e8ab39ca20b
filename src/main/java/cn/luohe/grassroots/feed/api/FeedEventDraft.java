package cn.luohe.grassroots.feed.api;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;

/**
 * A feed event about to be written with its record. {@code org} is the visited org, the
 * home's town or the village; {@code summary} carries the record's own title (activity or
 * event title, visit note or visited org). No phone numbers or openids, ever.
 */
public record FeedEventDraft(FeedEventType type, Org org, long actorUserId, String actorName, Instant occurredAt,
		String summary, @Nullable Long recordId, List<Long> photoIds) {

	/** The same event about its record {@code id} (written after the record). */
	public FeedEventDraft withRecordId(long id) {
		return new FeedEventDraft(this.type, this.org, this.actorUserId, this.actorName, this.occurredAt, this.summary,
				id, this.photoIds);
	}

}
