package cn.luohe.grassroots.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * During a shutdown, a connection is closed only between exchanges, and the context stops
 * nothing else until every request read has been answered. Reactor Netty's graceful
 * shutdown ({@code DisposableServer.disposeNow}) looks, from the shutdown thread, for the
 * connections with no request in progress and closes them; a request that the
 * connection's event loop reads between that look and the close is handled all the same
 * (a check-in is written) on a connection closed under it, and its client gets no answer.
 * Once {@link #shuttingDown()} is called, this handler (next to the HTTP codec) holds
 * such a close until the answer to every request read on the connection is written.
 * Before that, closes pass at once. A held close is released after
 * {@code app.server.request-timeout} at the latest, so a shutdown is never held by it.
 * <p>
 * Boot's graceful shutdown waits only for the requests Reactor Netty saw in progress when
 * it looked; a request read just after (its connection's close held here) was still being
 * handled when the context went on to close the connection pool, Redis and the event
 * loops: its check-in was written and its answer never sent (DrainTests, under load). So,
 * as a lifecycle stopped right after the graceful shutdown, this waits on the closing
 * thread until no connection has a request read and unanswered, at most that same limit.
 */
@Component
class CloseAfterAnswer implements NettyServerCustomizer, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CloseAfterAnswer.class);

	private static final String NAME = "grassroots.closeAfterAnswer";

	private final long holdLimitMillis;

	private volatile boolean shuttingDown;

	private volatile boolean running;

	/** Requests read and not yet answered, over every connection. */
	private final AtomicInteger unansweredEverywhere = new AtomicInteger();

	CloseAfterAnswer(ServerLimitsProperties limits) {
		this.holdLimitMillis = limits.requestTimeout().toMillis();
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.doOnChannelInit((observer, channel, remote) -> install(channel));
	}

	/** From now on, closes wait for the answers of the requests already read. */
	void shuttingDown() {
		this.shuttingDown = true;
	}

	/**
	 * Waits, on the calling thread (never an event loop), until every request read on any
	 * connection has been answered or its connection has ended; false when {@code max}
	 * passed first.
	 */
	boolean awaitAnswers(Duration max) {
		long deadline = System.nanoTime() + max.toNanos();
		while (this.unansweredEverywhere.get() > 0) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		int waiting = this.unansweredEverywhere.get();
		if (waiting > 0) {
			log.info("Shutdown: waiting for the answers to {} request(s) read", waiting);
			if (!awaitAnswers(Duration.ofMillis(this.holdLimitMillis))) {
				log.warn("Shutdown: {} request(s) still unanswered after {} ms; going on",
						this.unansweredEverywhere.get(), this.holdLimitMillis);
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// right after Boot's graceful shutdown of the web server, before anything the
		// requests use (the connection pool, Redis, the event loops) is stopped
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
	}

	void install(Channel channel) {
		if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
			channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new Guard());
		}
	}

	/** One per connection: counts the requests read and not yet answered. */
	private final class Guard extends ChannelDuplexHandler {

		private int unanswered;

		private final List<ChannelPromise> held = new ArrayList<>(1);

		private @Nullable ScheduledFuture<?> limit;

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				this.unanswered++;
				CloseAfterAnswer.this.unansweredEverywhere.incrementAndGet();
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			// a 100 Continue is a whole message but answers nothing yet
			if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
					&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
				promise = promise.unvoid();
				promise.addListener(future -> answered(ctx));
			}
			ctx.write(msg, promise);
		}

		@Override
		public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
			if (!CloseAfterAnswer.this.shuttingDown || this.unanswered == 0 || !ctx.channel().isActive()) {
				ctx.close(promise);
				return;
			}
			if (this.held.isEmpty()) {
				log.debug("Shutdown: the close of {} held until its {} request(s) are answered", ctx.channel(),
						this.unanswered);
			}
			this.held.add(promise);
			if (this.limit == null) {
				this.limit = ctx.executor()
					.schedule(() -> release(ctx), CloseAfterAnswer.this.holdLimitMillis, TimeUnit.MILLISECONDS);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			// the connection ended: what it read will never be answered
			CloseAfterAnswer.this.unansweredEverywhere.addAndGet(-this.unanswered);
			this.unanswered = 0;
			ctx.fireChannelInactive();
		}

		private void answered(ChannelHandlerContext ctx) {
			if (this.unanswered > 0) {
				this.unanswered--;
				CloseAfterAnswer.this.unansweredEverywhere.decrementAndGet();
			}
			if (this.unanswered == 0) {
				release(ctx);
			}
		}

		private void release(ChannelHandlerContext ctx) {
			ScheduledFuture<?> timer = this.limit;
			if (timer != null) {
				timer.cancel(false);
				this.limit = null;
			}
			if (this.held.isEmpty()) {
				return;
			}
			List<ChannelPromise> waiting = List.copyOf(this.held);
			this.held.clear();
			ctx.close(waiting.get(0));
			for (ChannelPromise other : waiting.subList(1, waiting.size())) {
				ctx.channel().closeFuture().addListener(future -> other.trySuccess());
			}
		}

	}

}
