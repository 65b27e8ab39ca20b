package cn.luohe.grassroots.feed.internal;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import cn.luohe.grassroots.feed.api.FeedEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamPositionTests {

	@Test
	void shouldPassEachIdOnceInIncreasingOrder() {
		FeedService.StreamPosition position = new FeedService.StreamPosition(10);

		// history 11..13, then live 12..14 (overlap) and a relay duplicate of 14
		List<Long> passed = LongStream.of(9, 11, 12, 13, 12, 13, 14, 14)
			.mapToObj(StreamPositionTests::event)
			.filter(position::advance)
			.map(signal -> ((FeedSignal.Event) signal).event().id())
			.toList();

		assertThat(passed).containsExactly(11L, 12L, 13L, 14L);
	}

	@Test
	void shouldContinueAfterTheResetPoint() {
		FeedService.StreamPosition position = new FeedService.StreamPosition(3);

		assertThat(position.advance(new FeedSignal.Reset("EXPIRED", 50))).isTrue();
		assertThat(position.advance(event(40))).isFalse();
		assertThat(position.advance(event(51))).isTrue();
	}

	private static FeedSignal event(long id) {
		return new FeedSignal.Event(new FeedEvent(id, FeedEventType.ACTIVITY_LOGGED, 1, "/4111/", "漯河市", null, null,
				"张三", Instant.EPOCH, "s", null, java.util.List.of(), java.util.List.of()));
	}

}
