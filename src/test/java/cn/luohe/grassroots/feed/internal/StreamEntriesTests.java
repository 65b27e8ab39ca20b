package cn.luohe.grassroots.feed.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.feed.api.FeedEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StreamEntriesTests {

	@Test
	void shouldCarryAnEventThroughTheStreamUnchangedWithTheOutboxIdFirst() {
		FeedEvent event = new FeedEvent(42, FeedEventType.VISIT_CHECKED_IN, 7, "/4111/411121/", "舞阳县", null, 5L, "张三",
				Instant.parse("2026-11-27T01:02:03.456789Z"), "走访 舞阳县", 99L, List.of(3L, 4L), List.of(5L, 6L));

		Map<String, String> fields = StreamEntries.fields(event);

		assertThat(fields.keySet().iterator().next()).isEqualTo("id");
		assertThat(fields).doesNotContainKey("townId");
		assertThat(StreamEntries.event(StreamEntries.decode(StreamEntries.encode(fields)))).isEqualTo(event);
	}

	@Test
	void shouldReadAnEntryWrittenBeforeRecordsAndPhotosWereCarried() {
		Map<String, String> old = Map.of("id", "41", "type", "ACTIVITY_LOGGED", "orgId", "7", "orgPath", "/4111/",
				"orgName", "漯河市", "actorName", "张三", "occurredAt", "2026-11-27T01:02:03Z", "summary", "活动");

		FeedEvent event = StreamEntries.event(old);

		assertThat(event.recordId()).isNull();
		assertThat(event.photoIds()).isEmpty();
	}

	@Test
	void shouldRefuseAMalformedEntry() {
		assertThatIllegalArgumentException().isThrownBy(() -> StreamEntries.event(Map.of("id", "x")));
	}

}
