package cn.luohe.grassroots.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The close guard on a connection with Netty's real HTTP codec: the race it closes is a
 * request read by the event loop after Reactor Netty's shutdown decided to close the
 * connection as idle ({@code faults.DrainTests} meets it under load, now and then).
 */
class CloseAfterAnswerTests {

	private static final String CHECK_IN = "POST /api/v1/visits HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
			+ "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

	private final CloseAfterAnswer guard = new CloseAfterAnswer(new ServerLimitsProperties(8192, Duration.ofSeconds(15),
			Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ZERO));

	private final EmbeddedChannel channel = connection();

	@AfterEach
	void finish() {
		this.channel.finishAndReleaseAll();
	}

	@Test
	void shouldCloseAtOnceWhileNotShuttingDown() {
		read(CHECK_IN);

		close();

		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void shouldHoldAShutdownCloseUntilTheReadRequestIsAnswered() {
		closeDuringShutdownWithACheckInRead();
		assertThat(this.channel.isOpen()).as("closed before the request read was answered").isTrue();

		this.channel.writeAndFlush(answer(HttpResponseStatus.CREATED));
		assertThat(this.channel.isOpen()).isFalse();
		assertThat(written()).startsWith("HTTP/1.1 201 Created").endsWith("{\"id\":1}");
	}

	@Test
	void shouldCloseAnIdleConnectionAtOnceWhenShuttingDown() {
		this.guard.shuttingDown();
		read(CHECK_IN);
		this.channel.writeAndFlush(answer(HttpResponseStatus.CREATED));
		written();

		close();

		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void shouldNotTakeAHundredContinueForTheAnswer() {
		closeDuringShutdownWithACheckInRead();

		this.channel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));

		assertThat(this.channel.isOpen()).isTrue();
	}

	@Test
	void shouldReleaseAHeldCloseAfterTheRequestTimeout() {
		this.channel.freezeTime();
		closeDuringShutdownWithACheckInRead();

		advanceSeconds(119);
		assertThat(this.channel.isOpen()).isTrue();
		advanceSeconds(1);
		assertThat(this.channel.isOpen()).isFalse();
	}

	@Test
	void shouldKeepTheContextsStopWaitingUntilEveryRequestReadIsAnswered() throws Exception {
		read(CHECK_IN);
		assertThat(this.guard.awaitAnswers(Duration.ofMillis(50))).as("a request unanswered").isFalse();
		// the lifecycle's stop, on the closing thread, waits for the answer written on
		// the
		// event loop (here: this thread, once the stop is waiting)
		CompletableFuture<Void> stopped = CompletableFuture.runAsync(this.guard::stop);
		Thread.sleep(100);
		assertThat(stopped).isNotDone();

		this.channel.writeAndFlush(answer(HttpResponseStatus.CREATED));

		stopped.get(5, TimeUnit.SECONDS);
		assertThat(this.guard.awaitAnswers(Duration.ZERO)).isTrue();
	}

	@Test
	void shouldNotWaitForTheRequestsOfAConnectionThatEnded() {
		read(CHECK_IN);

		this.channel.close();

		assertThat(this.guard.awaitAnswers(Duration.ZERO)).isTrue();
	}

	@Test
	void shouldStopAfterTheWebServersGracefulShutdownAndBeforeWhatRequestsUse() {
		assertThat(this.guard.getPhase()).isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE)
			.isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1024);
	}

	/** A check-in read and not yet answered when the shutdown closes its connection. */
	private void closeDuringShutdownWithACheckInRead() {
		this.guard.shuttingDown();
		read(CHECK_IN);
		close();
	}

	private void advanceSeconds(long seconds) {
		this.channel.advanceTimeBy(seconds, TimeUnit.SECONDS);
		this.channel.runScheduledPendingTasks();
	}

	private EmbeddedChannel connection() {
		EmbeddedChannel connection = new EmbeddedChannel();
		connection.pipeline().addLast(NettyPipeline.HttpCodec, new HttpServerCodec());
		this.guard.install(connection);
		return connection;
	}

	/**
	 * Closes as Reactor Netty's shutdown does, through the pipeline
	 * ({@code EmbeddedChannel.close()} would also cancel the scheduled tasks).
	 */
	private void close() {
		this.channel.pipeline().close();
	}

	private void read(String request) {
		this.channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
		Object head = this.channel.readInbound();
		assertThat(head).isInstanceOf(HttpRequest.class);
		Object body;
		while ((body = this.channel.readInbound()) != null) {
			ReferenceCountUtil.release(body);
		}
	}

	private static DefaultFullHttpResponse answer(HttpResponseStatus status) {
		DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
				Unpooled.copiedBuffer("{\"id\":1}", StandardCharsets.UTF_8));
		response.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
		return response;
	}

	private String written() {
		StringBuilder text = new StringBuilder();
		ByteBuf part;
		while ((part = this.channel.readOutbound()) != null) {
			text.append(part.toString(StandardCharsets.UTF_8));
			part.release();
		}
		return text.toString();
	}

}
