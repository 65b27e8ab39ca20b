package cn.luohe.grassroots.feed.internal;

/** What one subscriber's stream carries, in order. */
public sealed interface FeedSignal {

	/** First signal: the subscriber is attached to the live feed. */
	record Opened() implements FeedSignal {
	}

	record Event(FeedEvent event) implements FeedSignal {
	}

	/**
	 * The requested id cannot be resumed from (purged, or never issued): reload a
	 * snapshot; the stream continues after {@code lastId}.
	 */
	record Reset(String reason, long lastId) implements FeedSignal {
	}

}
