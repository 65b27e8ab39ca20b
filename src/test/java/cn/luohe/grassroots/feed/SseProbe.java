package cn.luohe.grassroots.feed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import cn.luohe.grassroots.support.ContractValidator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One SSE subscriber, as a screen would be: events and comments are collected as they
 * arrive and taken one by one, in order, with a generous wait.
 */
public final class SseProbe implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final ParameterizedTypeReference<ServerSentEvent<String>> TYPE = new ParameterizedTypeReference<>() {
	};

	// events are added on the client's event loop, where BlockHound refuses a wait: a
	// LinkedBlockingQueue's add signals the taker under the taker's lock and parks when
	// the test thread holds it (seen once in CI, FeedRedisOutageTests' burst of three);
	// a LinkedTransferQueue's add never waits
	private final BlockingQueue<ServerSentEvent<String>> events = new LinkedTransferQueue<>();

	private final CountDownLatch opened = new CountDownLatch(1);

	private final CountDownLatch ended = new CountDownLatch(1);

	private final AtomicInteger heartbeats = new AtomicInteger();

	private final AtomicReference<Throwable> error = new AtomicReference<>();

	private final Disposable subscription;

	private SseProbe(WebClient.RequestHeadersSpec<?> request) {
		this.subscription = request.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(TYPE)
			.subscribe(this::received, ex -> {
				this.error.set(ex);
				this.ended.countDown();
			}, this.ended::countDown);
	}

	/**
	 * Opens {@code pathAndQuery} on the instance at {@code port} and waits until the
	 * stream is open (its first comment arrived).
	 */
	public static SseProbe open(int port, String pathAndQuery, @Nullable String bearer,
			@Nullable String lastEventIdHeader) {
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.filter(new ContractValidator())
			.build();
		WebClient.RequestHeadersSpec<?> request = client.get().uri(pathAndQuery).headers(headers -> {
			if (bearer != null) {
				headers.set("Authorization", bearer);
			}
			if (lastEventIdHeader != null) {
				headers.set("Last-Event-ID", lastEventIdHeader);
			}
		});
		SseProbe probe = new SseProbe(request);
		probe.awaitOpen();
		return probe;
	}

	private void received(ServerSentEvent<String> event) {
		if (event.event() == null && event.data() == null) {
			if ("heartbeat".equals(event.comment())) {
				this.heartbeats.incrementAndGet();
			}
			else if ("open".equals(event.comment())) {
				assertThat(event.retry()).isNotNull();
				this.opened.countDown();
			}
			return;
		}
		this.events.add(event);
	}

	private void awaitOpen() {
		try {
			if (!this.opened.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				fail("The stream did not open" + ((this.error.get() != null) ? ": " + this.error.get() : ""));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The next event (not a comment). */
	public ServerSentEvent<String> next() {
		try {
			ServerSentEvent<String> event = this.events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			if (event == null) {
				fail("No event arrived" + ((this.error.get() != null) ? "; the stream failed: " + this.error.get()
						: (this.ended.getCount() == 0) ? "; the stream ended" : ""));
			}
			return event;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The summaries of the next {@code count} events. */
	public List<String> nextSummaries(int count) {
		List<String> summaries = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			summaries.add(summary(next()));
		}
		return summaries;
	}

	public int heartbeats() {
		return this.heartbeats.get();
	}

	/** Waits until more than {@code seen} heartbeats have arrived. */
	public void awaitHeartbeatAfter(int seen) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (this.heartbeats.get() <= seen) {
			if (System.nanoTime() > deadline) {
				fail("No heartbeat arrived");
			}
			pause();
		}
	}

	/** A {@code reset} event's data: why the stream cannot resume. */
	public record Reset(String reason) {
	}

	/** The data of {@code event} in its typed shape. */
	public static <T> T data(ServerSentEvent<String> event, Class<T> type) {
		return JSON.readValue(event.data(), type);
	}

	/** The names of the fields of {@code event}'s data. */
	public static Set<String> fields(ServerSentEvent<String> event) {
		@SuppressWarnings("unchecked")
		Map<String, Object> data = JSON.readValue(event.data(), Map.class);
		return data.keySet();
	}

	/** An event's summary (its record's title, note or place). */
	public static String summary(ServerSentEvent<String> event) {
		return data(event, Summarised.class).summary();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	private record Summarised(String summary) {
	}

	static void pause() {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.subscription.dispose();
	}

}
