package cn.luohe.grassroots.feed.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Live feed settings ({@code app.feed.*}). Public only because Boot binds it.
 *
 * @param streamKey the Redis Stream the relay appends to and every instance reads
 * @param streamMaxLength approximate length the stream is trimmed to on append
 * @param pollInterval how often the relay looks for unpublished outbox rows while commits
 * cannot wake it
 * @param listeningPollInterval how often it looks while commits wake it (a safety net: a
 * rolled-back writer, a notification lost with its connection)
 * @param awakePollInterval how often it looks while awake: from a run that found work
 * until one that finds none, writers do not notify, and the relay looks at this interval
 * instead
 * @param batchSize outbox rows published per relay transaction
 * @param redisTimeout bound of one Redis command (a down Redis queues commands)
 * @param maxBackoff longest pause of the relay and the reader after failures
 * @param readBlock how long one XREAD waits for new entries
 * @param heartbeat interval of the SSE keep-alive comment
 * @param flushInterval how long events for one stream are gathered into one write: the
 * first event after a quiet interval goes out at once, later ones with the next flush
 * @param subscriberBuffer live events held for one slow subscriber before it is
 * disconnected (it resumes by id)
 * @param ticketTtl lifetime of a browser feed ticket
 * @param retention age after which published events may be purged
 * @param relayEnabled whether this instance takes part in relaying the outbox
 * @param maxReplay events a resuming subscriber is replayed at most: a deeper resume is
 * answered with a {@code reset} (reason {@code TOO_DEEP}; the client reads the history)
 * @param maxStreamsPerUser open streams one user may hold on one instance (more: 429)
 */
@ConfigurationProperties("app.feed")
public record FeedProperties(@DefaultValue("grassroots:feed") String streamKey,
		@DefaultValue("100000") long streamMaxLength, @DefaultValue("150ms") Duration pollInterval,
		@DefaultValue("1s") Duration listeningPollInterval, @DefaultValue("20ms") Duration awakePollInterval,
		@DefaultValue("200") int batchSize, @DefaultValue("2s") Duration redisTimeout,
		@DefaultValue("5s") Duration maxBackoff, @DefaultValue("2s") Duration readBlock,
		@DefaultValue("15s") Duration heartbeat, @DefaultValue("200ms") Duration flushInterval,
		@DefaultValue("256") int subscriberBuffer, @DefaultValue("60s") Duration ticketTtl,
		@DefaultValue("90d") Duration retention, @DefaultValue("true") boolean relayEnabled,
		@DefaultValue("1000") int maxReplay, @DefaultValue("4") int maxStreamsPerUser) {

	public FeedProperties {
		requirePositive("poll-interval", pollInterval);
		requirePositive("listening-poll-interval", listeningPollInterval);
		requirePositive("awake-poll-interval", awakePollInterval);
		requirePositive("redis-timeout", redisTimeout);
		requirePositive("max-backoff", maxBackoff);
		requirePositive("read-block", readBlock);
		requirePositive("heartbeat", heartbeat);
		requirePositive("flush-interval", flushInterval);
		requirePositive("ticket-ttl", ticketTtl);
		requirePositive("retention", retention);
		if (batchSize < 1 || subscriberBuffer < 1 || streamMaxLength < 1 || maxReplay < 1 || maxStreamsPerUser < 1) {
			throw new IllegalArgumentException("app.feed.batch-size, subscriber-buffer, stream-max-length, max-replay"
					+ " and max-streams-per-user must be positive");
		}
	}

	private static void requirePositive(String name, Duration value) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("app.feed." + name + " must be positive");
		}
	}

}
