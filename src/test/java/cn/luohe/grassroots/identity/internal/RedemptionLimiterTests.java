package cn.luohe.grassroots.identity.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.support.TestServers;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class RedemptionLimiterTests {

	@Test
	void shouldRefuseTheEleventhAttemptInTheWindow() {
		URI url = URI.create(TestServers.get().redisUrl());
		LettuceConnectionFactory factory = factory(url.getHost(), url.getPort());
		try {
			ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
			// the connection opens before the first attempt: a slow first connect would
			// otherwise exceed the limiter's 1 s and count that window in memory instead
			StepVerifier.create(redis.hasKey("warm-up"))
				.expectNextCount(1)
				.expectComplete()
				.verify(Duration.ofSeconds(30));
			RedemptionLimiter limiter = new RedemptionLimiter(redis);
			long userId = -System.nanoTime();
			for (int i = 0; i < RedemptionLimiter.MAX_ATTEMPTS; i++) {
				StepVerifier.create(limiter.acquire(userId)).expectComplete().verify(Duration.ofSeconds(5));
			}

			StepVerifier.create(limiter.acquire(userId))
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(ApiException.class,
						api -> assertThat(api.code()).isEqualTo("RATE_LIMITED")))
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(redis.getExpire(RedemptionLimiter.KEY_PREFIX + userId))
				.assertNext(ttl -> assertThat(ttl).isPositive().isLessThanOrEqualTo(RedemptionLimiter.WINDOW))
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void shouldRestoreALostExpiry() {
		URI url = URI.create(TestServers.get().redisUrl());
		LettuceConnectionFactory factory = factory(url.getHost(), url.getPort());
		try {
			ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(factory);
			long userId = -System.nanoTime();
			String key = RedemptionLimiter.KEY_PREFIX + userId;
			// a counter left over the limit without TTL,
			// as after a crash between INCR and EXPIRE
			StepVerifier.create(redis.opsForValue().set(key, "50")).expectNext(true).verifyComplete();

			StepVerifier.create(new RedemptionLimiter(redis).acquire(userId))
				.expectError(ApiException.class)
				.verify(Duration.ofSeconds(5));
			StepVerifier.create(redis.getExpire(key))
				.assertNext(ttl -> assertThat(ttl).isPositive())
				.expectComplete()
				.verify(Duration.ofSeconds(5));
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void shouldCountAttemptsInMemoryWhenRedisIsDown() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		LettuceConnectionFactory factory = factory("127.0.0.1", closedPort);
		try {
			RedemptionLimiter limiter = new RedemptionLimiter(new ReactiveStringRedisTemplate(factory));

			// nobody is locked out by the outage, but the limit still bites (finding 4 of
			// issue 20: it failed open, 13 wrong codes and no 429)
			for (int i = 0; i < RedemptionLimiter.MAX_ATTEMPTS; i++) {
				StepVerifier.create(limiter.acquire(42)).expectComplete().verify(Duration.ofSeconds(10));
			}
			StepVerifier.create(limiter.acquire(42))
				.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOf(ApiException.class)
					.extracting(e -> ((ApiException) e).status())
					.isEqualTo(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS))
				.verify(Duration.ofSeconds(10));
			// another user is not affected
			StepVerifier.create(limiter.acquire(43)).expectComplete().verify(Duration.ofSeconds(10));
		}
		finally {
			factory.destroy();
		}
	}

	private static LettuceConnectionFactory factory(String host, int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

}
