package cn.luohe.grassroots.config;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import cn.luohe.grassroots.common.error.FailureLog;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;

/**
 * Bounds what a client can hold of the HTTP server (issue 20, finding 1): idle
 * connections and connections that trickle their request head (slowloris) are closed, a
 * request body must keep coming, and open connections are capped (beyond the cap a new
 * connection is closed at once). Each limit that bites is logged, once per kind every 30
 * s with a count.
 */
@Component
class ServerLimits implements NettyServerCustomizer {

	private static final Logger log = LoggerFactory.getLogger(ServerLimits.class);

	private final FailureLog bites = new FailureLog(log, 30, TimeUnit.SECONDS);

	private final ServerLimitsProperties limits;

	private final AtomicInteger open = new AtomicInteger();

	ServerLimits(ServerLimitsProperties limits) {
		this.limits = limits;
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		return server.idleTimeout(this.limits.idleTimeout())
			.readTimeout(this.limits.readTimeout())
			.requestTimeout(this.limits.requestTimeout())
			.doOnChannelInit((observer, channel, address) -> init(channel));
	}

	int openConnections() {
		return this.open.get();
	}

	private void init(Channel channel) {
		int now = this.open.incrementAndGet();
		channel.closeFuture().addListener(future -> this.open.decrementAndGet());
		if (now > this.limits.maxConnections()) {
			this.bites.warn("max-connections", "Connection refused: " + now + " open, above app.server.max-connections "
					+ this.limits.maxConnections());
			channel.close();
			return;
		}
		if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
			channel.pipeline()
				.addAfter(NettyPipeline.HttpCodec, "grassrootsHeaderDeadline",
						new HeaderDeadline(this.limits.headerTimeout().toMillis()));
		}
	}

	/**
	 * Closes a connection whose next request head is not complete within the deadline,
	 * counted from the connection's start and again from the end of each answer.
	 */
	private final class HeaderDeadline extends ChannelDuplexHandler {

		private final long millis;

		private @Nullable ScheduledFuture<?> timer;

		HeaderDeadline(long millis) {
			this.millis = millis;
		}

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			arm(ctx);
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest) {
				cancel();
			}
			ctx.fireChannelRead(msg);
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
			if (msg instanceof LastHttpContent) {
				promise = promise.unvoid();
				promise.addListener(future -> {
					if (ctx.channel().isActive()) {
						arm(ctx);
					}
				});
			}
			ctx.write(msg, promise);
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			cancel();
			ctx.fireChannelInactive();
		}

		private void arm(ChannelHandlerContext ctx) {
			cancel();
			this.timer = ctx.executor().schedule(() -> {
				ServerLimits.this.bites.warn("header-timeout",
						"Connection closed: no complete request head within app.server.header-timeout (" + this.millis
								+ " ms)");
				ctx.close();
			}, this.millis, TimeUnit.MILLISECONDS);
		}

		private void cancel() {
			ScheduledFuture<?> current = this.timer;
			if (current != null) {
				current.cancel(false);
				this.timer = null;
			}
		}

	}

}
