package cn.luohe.grassroots.feed.internal;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import cn.luohe.grassroots.feed.TestFeed;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.support.ApiTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class FeedServiceTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	FeedService feed;

	@Autowired
	FeedProperties properties;

	@Autowired
	LiveFeed live;

	@Test
	void shouldCompleteASubscriberThatFallsTooFarBehindAfterWhatItBuffered() {
		TestFeed writer = new TestFeed(this.context);
		Org village = writer.org("411121100203");
		int buffer = this.properties.subscriberBuffer();

		StepVerifier.create(this.feed.stream(FeedScope.of(List.of(village.path())), null), 1)
			.expectNextMatches(FeedSignal.Opened.class::isInstance)
			.then(() -> {
				List<FeedEventDraft> burst = IntStream.range(0, buffer + 50)
					.mapToObj(i -> writer.draft(village.code(), "burst " + i))
					.toList();
				Flux.fromIterable(burst)
					.concatMap(draft -> writer.outbox().append(draft))
					.then()
					.as(writer.transactions()::transactional)
					.block(Duration.ofSeconds(10));
				long last = TestFeed.idOf(burst.get(burst.size() - 1).summary());
				TestFeed.until(() -> this.live.lastId() >= last, "the burst multicast");
			})
			// the subscriber read nothing meanwhile; now it gets what was buffered, then
			// the end of its stream (it would resume by id)
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(buffer)
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

}
