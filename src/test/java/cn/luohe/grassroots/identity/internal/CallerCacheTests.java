package cn.luohe.grassroots.identity.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bindings are held in memory per instance, and a revocation on one instance still
 * reaches a caller held by another at once. Instance B holds callers (the shared
 * instance, whose fixtures write bindings in SQL, does not).
 */
class CallerCacheTests extends ApiTest {

	private static final String WUYANG = "411121";

	private static ServiceInstance instanceB;

	@BeforeAll
	static void startInstanceB() {
		instanceB = ServiceInstance.start(Map.of("app.identity.caller-cache.enabled", "true"));
	}

	@AfterAll
	static void stopInstanceB() {
		if (instanceB != null) {
			instanceB.close();
		}
	}

	@Test
	void shouldForgetACallerOnEveryInstanceOnceTheirBindingIsRevoked() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		CallerCache cacheB = instanceB.context().getBean(CallerCache.class);
		until(() -> roles(onB(cadre)).size() == 1 && cacheB.holds(cadre.id()), "the cadre held by instance B");
		long binding = roles(onB(cadre)).get(0).id();

		as(admin).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", cadre.id(), binding)
			.exchange()
			.expectStatus()
			.isNoContent();

		// held for up to a minute without the broadcast; the test allows the message's
		// trip
		until(() -> !cacheB.holds(cadre.id()), "instance B forgetting the cadre");
		assertThat(roles(onB(cadre))).isEmpty();
	}

	@Test
	void shouldRefuseARevokedCallerOnTheVeryNextRequestOfTheSameInstance() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		CallerCache cacheB = instanceB.context().getBean(CallerCache.class);
		until(() -> roles(onB(leader)).size() == 1 && cacheB.holds(leader.id()), "the leader held by instance B");
		long binding = roles(onB(leader)).get(0).id();

		onB(admin).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", leader.id(), binding)
			.exchange()
			.expectStatus()
			.isNoContent();

		// forgotten when the revocation commits, before its answer is written
		assertThat(cacheB.holds(leader.id())).isFalse();
		assertThat(roles(onB(leader))).isEmpty();
	}

	private WebTestClient onB(TestUser user) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instanceB.port())
			.responseTimeout(Duration.ofSeconds(20))
			.defaultHeader("Authorization", user.bearer())
			.build();
	}

	private static List<Binding> roles(WebTestClient client) {
		Me me = client.get()
			.uri("/api/v1/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Me.class)
			.returnResult()
			.getResponseBody();
		assertThat(me).isNotNull();
		return me.roles();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Me(List<Binding> roles) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Binding(long id) {
	}

	private static void until(java.util.function.BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Gave up waiting for: " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

}
