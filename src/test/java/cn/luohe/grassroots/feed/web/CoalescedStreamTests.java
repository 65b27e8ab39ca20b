package cn.luohe.grassroots.feed.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescedStreamTests {

	private static final long LONG_INTERVAL = Duration.ofHours(1).toNanos();

	private final AtomicReference<CoalescedStream> stream = new AtomicReference<>();

	private final List<Long> requested = new ArrayList<>();

	@Test
	void shouldWriteTheFirstFrameAtOnceAndGatherTheNextOnesIntoOneWriteUntilTheTick() {
		Sinks.Many<byte[]> frames = Sinks.many().unicast().onBackpressureBuffer();

		StepVerifier.create(body(frames.asFlux(), 16).map(CoalescedStreamTests::text))
			.then(() -> frames.tryEmitNext(bytes("a\n\n")))
			.expectNext("a\n\n")
			.then(() -> {
				frames.tryEmitNext(bytes("b\n\n"));
				frames.tryEmitNext(bytes("c\n\n"));
				this.stream.get().tick(false);
			})
			.expectNext("b\n\nc\n\n")
			// a heartbeat only when nothing else is pending
			.then(() -> this.stream.get().tick(true))
			.expectNext(":hb\n\n")
			.then(() -> {
				frames.tryEmitNext(bytes("d\n\n"));
				this.stream.get().tick(true);
			})
			.expectNext("d\n\n")
			.then(() -> {
				frames.tryEmitNext(bytes("e\n\n"));
				frames.tryEmitComplete();
			})
			// what is pending, then the end, then completion
			.expectNext("e\n\n:end\n\n")
			.verifyComplete();
	}

	@Test
	void shouldRequestFramesOnlyAsTheyAreWritten() {
		Flux<byte[]> frames = Flux.range(0, 100).map(i -> bytes(i + "\n\n")).doOnRequest(this.requested::add);

		StepVerifier.create(body(frames, 4).map(CoalescedStreamTests::text), 0)
			.then(() -> assertThat(this.requested).containsExactly(4L))
			// nothing written while the client reads nothing
			.then(() -> this.stream.get().tick(false))
			.expectNoEvent(Duration.ofMillis(50))
			.thenRequest(1)
			.expectNext("0\n\n1\n\n2\n\n3\n\n")
			.then(() -> assertThat(this.requested).containsExactly(4L, 4L))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

	private Flux<DataBuffer> body(Flux<byte[]> frames, int window) {
		return CoalescedStream.body(frames, DefaultDataBufferFactory.sharedInstance, window, LONG_INTERVAL,
				bytes(":hb\n\n"), bytes(":end\n\n"), stream -> {
					this.stream.set(stream);
					return () -> {
					};
				});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(DataBuffer buffer) {
		return buffer.toString(StandardCharsets.UTF_8);
	}

}
