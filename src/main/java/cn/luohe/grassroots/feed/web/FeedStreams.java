package cn.luohe.grassroots.feed.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.feed.internal.FeedEvent;
import cn.luohe.grassroots.feed.internal.FeedProperties;
import cn.luohe.grassroots.feed.internal.FeedService;
import cn.luohe.grassroots.feed.internal.FeedSignal;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.stereotype.Component;

/**
 * The open SSE streams of this instance and their wire format. Each event is encoded
 * once, however many subscribers receive it, live or replayed; one flush timer and one
 * heartbeat timer serve every stream, which gathers its frames between flushes into one
 * write ({@link CoalescedStream}).
 */
@Component
class FeedStreams implements DisposableBean {

	/** Reconnection delay suggested to EventSource clients. */
	/** The header a reconnecting EventSource resumes with. */
	static final String LAST_EVENT_ID = "Last-Event-ID";

	/** Tells nginx and similar proxies not to hold events back. */
	static final String ACCEL_BUFFERING = "X-Accel-Buffering";

	private static final Duration RETRY = Duration.ofSeconds(3);

	private static final byte[] OPEN = ("retry:" + RETRY.toMillis() + "\n:open\n\n").getBytes(StandardCharsets.UTF_8);

	private static final byte[] HEARTBEAT = ":heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

	private static final byte[] END = ":end\n\n".getBytes(StandardCharsets.UTF_8);

	/**
	 * Encoded live events, by id: the live feed hands every subscriber the same instance.
	 */
	private static final int ENCODED = 1024;

	private final FeedViewMapper mapper;

	private final JsonMapper json;

	private final FeedProperties properties;

	private final Set<CoalescedStream> open = ConcurrentHashMap.newKeySet();

	private final AtomicReferenceArray<Encoded> encoded = new AtomicReferenceArray<>(ENCODED);

	private final Disposable flushes;

	private final Disposable heartbeats;

	FeedStreams(FeedService feed, FeedViewMapper mapper, JsonMapper json, FeedProperties properties) {
		this.mapper = mapper;
		this.json = json;
		this.properties = properties;
		Duration interval = properties.flushInterval();
		this.flushes = Flux.interval(interval, interval, Schedulers.parallel())
			.onBackpressureDrop()
			.subscribe(tick -> this.open.forEach(stream -> stream.tick(false)));
		this.heartbeats = feed.heartbeats().subscribe(tick -> this.open.forEach(stream -> stream.tick(true)));
	}

	/** The body of one stream: its signals as SSE text, then an {@code end} comment. */
	Flux<DataBuffer> body(Flux<FeedSignal> signals, DataBufferFactory buffers) {
		return CoalescedStream.body(signals.map(this::frame), buffers, this.properties.subscriberBuffer(),
				this.properties.flushInterval().toNanos(), HEARTBEAT, END, stream -> {
					this.open.add(stream);
					return () -> this.open.remove(stream);
				});
	}

	/**
	 * The id a stream resumes after: the {@code Last-Event-ID} header wins over the
	 * {@code lastEventId} parameter.
	 */
	static @Nullable Long resumeAfter(@Nullable String lastEventId, @Nullable String lastEventIdHeader) {
		return (lastEventIdHeader != null && !lastEventIdHeader.isBlank())
				? Cursors.id(lastEventIdHeader, LAST_EVENT_ID) : Cursors.id(lastEventId, "lastEventId");
	}

	byte[] frame(FeedSignal signal) {
		return switch (signal) {
			case FeedSignal.Opened opened -> OPEN;
			case FeedSignal.Event(var event) -> encode(event);
			case FeedSignal.Reset reset -> frame(Long.toString(reset.lastId()), "reset",
					this.json.writeValueAsString(new FeedViews.ResetData(reset.reason())));
		};
	}

	private byte[] encode(FeedEvent event) {
		int slot = (int) (event.id() & (ENCODED - 1));
		Encoded known = this.encoded.get(slot);
		// by id: a replayed event (read per stream) shares the frame of every other copy
		if (known != null && known.event().id() == event.id()) {
			return known.frame();
		}
		byte[] frame = frame(Long.toString(event.id()), event.type().wireName(),
				this.json.writeValueAsString(this.mapper.toData(event)));
		this.encoded.set(slot, new Encoded(event, frame));
		return frame;
	}

	/** One SSE event; {@code data} is one line of JSON (JSON escapes line breaks). */
	private static byte[] frame(String id, String event, String data) {
		return ("id:" + id + "\nevent:" + event + "\ndata:" + data + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void destroy() {
		this.flushes.dispose();
		this.heartbeats.dispose();
	}

	private record Encoded(FeedEvent event, byte[] frame) {
	}

}
