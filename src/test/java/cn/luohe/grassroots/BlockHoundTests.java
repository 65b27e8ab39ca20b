package cn.luohe.grassroots;

import java.time.Duration;

import cn.luohe.grassroots.support.BlockHoundExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves that BlockHound guards the whole test JVM, so a blocking call fails its test.
 */
@ExtendWith(BlockHoundExtension.class)
class BlockHoundTests {

	@Test
	void shouldFailABlockingCallOnANonBlockingThread() {
		Mono<String> sleeping = Mono.fromCallable(() -> {
			Thread.sleep(10);
			return "slept";
		}).subscribeOn(Schedulers.parallel());
		StepVerifier.create(sleeping)
			.expectErrorMatches(error -> error.getClass().getName().contains("BlockingOperationError"))
			.verify(Duration.ofSeconds(5));
	}

}
