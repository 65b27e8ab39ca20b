package cn.luohe.grassroots.feed.internal;

import java.time.Duration;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.OrgDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The feed as viewers see it: scope, history, and one live stream per subscriber that
 * resumes after a given id with no gap and no duplicate.
 */
@Service
public class FeedService {

	/**
	 * Rows per query when replaying history to a resuming subscriber; the next page is
	 * read only when the stream's writer asks for it (a subscriber that does not read
	 * holds at most its writer's window and about one page).
	 */
	private static final int REPLAY_PAGE = 100;

	/** Open streams per user on this instance. */
	private final ConcurrentMap<Long, Integer> streamsByUser = new ConcurrentHashMap<>();

	private final FeedRepository repository;

	private final LiveFeed live;

	private final OrgDirectory orgs;

	private final FeedProperties properties;

	private final Flux<Long> heartbeats;

	FeedService(FeedRepository repository, LiveFeed live, OrgDirectory orgs, FeedProperties properties) {
		this.repository = repository;
		this.live = live;
		this.orgs = orgs;
		this.properties = properties;
		// one timer for every open stream, not one per subscriber
		this.heartbeats = Flux.interval(properties.heartbeat(), properties.heartbeat(), Schedulers.parallel())
			.onBackpressureDrop()
			.share();
	}

	/**
	 * Every binding's subtree (overseers and visitors alike), or only {@code orgId}'s
	 * when given, which must lie inside one of them.
	 */
	public Mono<FeedScope> scope(Caller caller, @Nullable Long orgId) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		if (orgId == null) {
			return Mono
				.just(FeedScope.of(caller.bindings().stream().map(RoleBinding::org).map(o -> o.path()).toList()));
		}
		return this.orgs.require(orgId).map(org -> {
			if (!caller.sees(org)) {
				throw ApiException.forbiddenScope();
			}
			return FeedScope.of(List.of(org.path()));
		});
	}

	/**
	 * As {@link #scope}, for a new stream: 429 {@code TOO_MANY_STREAMS} when the caller
	 * already has {@code app.feed.max-streams-per-user} open on this instance.
	 */
	public Mono<FeedScope> streamScope(Caller caller, @Nullable Long orgId) {
		Integer open = this.streamsByUser.get(caller.userId());
		if (open != null && open >= this.properties.maxStreamsPerUser()) {
			return Mono
				.error(() -> new ApiException(HttpStatus.TOO_MANY_REQUESTS, "TOO_MANY_STREAMS", "打开的动态连接过多，请关闭其他页面后重试")
					.retryAfter(TOO_MANY_STREAMS_RETRY));
		}
		return scope(caller, orgId);
	}

	static final Duration TOO_MANY_STREAMS_RETRY = Duration.ofSeconds(10);

	/** {@link #stream(FeedScope, Long)}, counted against the caller's open streams. */
	public Flux<FeedSignal> stream(Caller caller, FeedScope scope, @Nullable Long lastEventId) {
		long userId = caller.userId();
		return Flux.defer(() -> {
			this.streamsByUser.merge(userId, 1, Integer::sum);
			return stream(scope, lastEventId)
				.doFinally(signal -> this.streamsByUser.computeIfPresent(userId, (id, n) -> (n > 1) ? n - 1 : null));
		});
	}

	/** Up to {@code limit} published events before {@code before}, newest first. */
	public Mono<List<FeedEvent>> history(FeedScope scope, @Nullable Long before, int limit) {
		return this.repository.newestBefore(scope, before, limit).collectList();
	}

	/** Ticks of the keep-alive comment. */
	public Flux<Long> heartbeats() {
		return this.heartbeats;
	}

	/**
	 * {@link FeedSignal.Opened} first, then, for a resuming subscriber, the published
	 * events after {@code lastEventId} from PostgreSQL (or a reset when that id cannot be
	 * resumed from), then live events. The live feed is subscribed before the history is
	 * read and buffered meanwhile; every event passes only if its id is above the last
	 * one sent. A subscriber whose buffer overflows gets what it has buffered, then its
	 * stream completes: it resumes with its last id.
	 */
	public Flux<FeedSignal> stream(FeedScope scope, @Nullable Long lastEventId) {
		return this.live.ready().thenMany(Flux.defer(() -> {
			long floor = (lastEventId != null) ? lastEventId : this.live.lastId();
			Sinks.Many<FeedEvent> buffer = Sinks.many()
				.unicast()
				.onBackpressureBuffer(new BoundedQueue<FeedEvent>(this.properties.subscriberBuffer()));
			Disposable tap = this.live.events()
				.filter(event -> event.id() > floor && scope.covers(event.orgPath()))
				.subscribe(event -> {
					if (buffer.tryEmitNext(event).isFailure()) {
						buffer.tryEmitComplete();
					}
				}, ex -> buffer.tryEmitComplete(), buffer::tryEmitComplete);
			Flux<FeedSignal> head = (lastEventId != null) ? resume(scope, lastEventId) : Flux.empty();
			StreamPosition position = new StreamPosition(floor);
			return Flux.concat(Mono.just(new FeedSignal.Opened()), head, buffer.asFlux().map(FeedSignal.Event::new))
				.filter(position::advance)
				.doFinally(signal -> tap.dispose());
		}));
	}

	private Flux<FeedSignal> resume(FeedScope scope, long lastEventId) {
		return this.repository.resumePoint().flatMapMany(point -> {
			// never below the purge mark, or resuming from it would reset again
			long continueAfter = Math.max(point.maxPublished(), point.purgedThrough());
			if (lastEventId < point.purgedThrough()) {
				return Flux.just(new FeedSignal.Reset("EXPIRED", continueAfter));
			}
			if (lastEventId > Math.max(point.maxId(), point.purgedThrough())) {
				return Flux.just(new FeedSignal.Reset("UNKNOWN_ID", continueAfter));
			}
			int max = this.properties.maxReplay();
			// deeper than a replay may be: the client reads the history instead
			return this.repository.countPublishedAfter(scope, lastEventId, max + 1)
				.flatMapMany(count -> (count > max) ? Flux.just(new FeedSignal.Reset("TOO_DEEP", continueAfter))
						: replay(scope, lastEventId).map(FeedSignal.Event::new));
		});
	}

	private Flux<FeedEvent> replay(FeedScope scope, long after) {
		return this.repository.publishedAfter(scope, after, REPLAY_PAGE)
			.collectList()
			.expand(page -> (page.size() < REPLAY_PAGE) ? Mono.empty()
					: this.repository.publishedAfter(scope, page.get(page.size() - 1).id(), REPLAY_PAGE).collectList())
			// one page at a time: the next is read when the writer asks for more
			.concatMapIterable(page -> page, 1);
	}

	/**
	 * A subscriber's live buffer: bounded, but growing as events wait (in links of 16)
	 * rather than allocated whole up front, so an idle subscriber holds a few slots, not
	 * the whole bound. One producer (the multicast serialises what it hands one
	 * subscriber) and one consumer.
	 */
	static final class BoundedQueue<T> extends AbstractQueue<T> {

		private final Queue<T> queue = Queues.<T>unbounded(16).get();

		private final AtomicInteger size = new AtomicInteger();

		private final int capacity;

		BoundedQueue(int capacity) {
			this.capacity = capacity;
		}

		@Override
		public boolean offer(T element) {
			if (this.size.get() >= this.capacity) {
				return false;
			}
			this.queue.offer(element);
			this.size.incrementAndGet();
			return true;
		}

		@Override
		public @Nullable T poll() {
			T element = this.queue.poll();
			if (element != null) {
				this.size.decrementAndGet();
			}
			return element;
		}

		@Override
		public @Nullable T peek() {
			return this.queue.peek();
		}

		@Override
		public int size() {
			return this.size.get();
		}

		@Override
		public boolean isEmpty() {
			return this.queue.isEmpty();
		}

		@Override
		public Iterator<T> iterator() {
			throw new UnsupportedOperationException();
		}

	}

	/**
	 * The last id sent to one subscriber: only ids above it pass (ids increase along the
	 * stream, so this removes relay duplicates and the overlap of history and live).
	 */
	static final class StreamPosition {

		private long last;

		StreamPosition(long last) {
			this.last = last;
		}

		boolean advance(FeedSignal signal) {
			if (signal instanceof FeedSignal.Event(FeedEvent event)) {
				if (event.id() <= this.last) {
					return false;
				}
				this.last = event.id();
				return true;
			}
			if (signal instanceof FeedSignal.Reset reset) {
				this.last = Math.max(this.last, reset.lastId());
			}
			return true;
		}

	}

}
