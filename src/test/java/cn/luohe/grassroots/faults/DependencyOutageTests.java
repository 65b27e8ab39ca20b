package cn.luohe.grassroots.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import cn.luohe.grassroots.config.EmbeddedServers;
import cn.luohe.grassroots.faults.FaultClient.Answer;
import cn.luohe.grassroots.faults.FaultTestViews.Health;
import cn.luohe.grassroots.faults.FaultTestViews.HealthComponent;
import cn.luohe.grassroots.faults.FaultTestViews.HostUnit;
import cn.luohe.grassroots.faults.FaultTestViews.HostUnits;
import cn.luohe.grassroots.support.BlockHoundExtension;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Tokens;
import cn.luohe.grassroots.support.ServiceInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 20, findings 3 and 4: PostgreSQL killed and frozen, Redis killed, under a real
 * instance of the service. The shared test servers must stay up for every other class, so
 * this class runs an instance on servers of its own and kills those.
 * <p>
 * BlockHound is installed before this class's instance starts, as for every test: the
 * instance starts Reactor's shared parallel workers, and a worker already idle in the
 * uninstrumented {@code DelayedWorkQueue.take} when a later class installs BlockHound is
 * failed there, its queue left locked, and its timers never fire again (seen as
 * FeedRedisOutageTests' first event never reaching its stream after this class).
 */
@ExtendWith(BlockHoundExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyOutageTests {

	private static final String ADMIN = "bootstrap-admin";

	private static Path dir;

	private static EmbeddedServers servers;

	private static ServiceInstance service;

	private static FaultClient client;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	static void start() throws IOException {
		dir = Files.createTempDirectory("grassroots-faults-");
		servers = EmbeddedServers.start(dir, true, true, false);
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.r2dbc.url", servers.r2dbcUrl());
		properties.put("spring.r2dbc.username", servers.username());
		properties.put("spring.r2dbc.password", "");
		properties.put("spring.flyway.url", servers.jdbcUrl());
		properties.put("spring.flyway.user", servers.username());
		properties.put("spring.flyway.password", "");
		properties.put("spring.data.redis.url", servers.redisUrl());
		properties.put("app.data-dir", dir.resolve("app").toString());
		properties.put("app.server.request-deadline", "4s");
		FakeWeChat.get().properties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
		// the shared tests' 2 s leaves no room for the first Redis wait (1 s) on a busy
		// machine
		properties.put("wechat.timeout", "8s");
		service = ServiceInstance.start(properties);
		client = new FaultClient(service.port());
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
		if (servers != null) {
			servers.close();
		}
	}

	@Test
	@Order(1)
	void shouldKeepLoginHealthAndLimitsWhileRedisIsDown() throws Exception {
		String admin = login(ADMIN);
		String user = login("faults-" + UUID.randomUUID());
		kill(servers.redisPid());
		long killed = System.nanoTime();
		try {
			Answer health = client.get("/actuator/health", null);
			Map<String, HealthComponent> components = health.json(Health.class).components();
			assertThat(components.get("redis")).extracting(HealthComponent::status).isEqualTo("DOWN");
			assertThat(components.get("r2dbc")).extracting(HealthComponent::status).isEqualTo("UP");
			// the database is all readiness needs
			assertThat(client.get("/actuator/health/readiness", null).status()).isEqualTo(200);
			assertThat(client.get("/api/v1/orgs/by-code/4111", admin).status()).isEqualTo(200);

			// WeChat login does not need Redis (the token is kept in memory meanwhile)
			String code = FakeWeChat.newCode();
			FakeWeChat.get().login(code, "faults-wx-" + UUID.randomUUID(), "session-key-" + UUID.randomUUID());
			Answer login = client.post("/api/v1/auth/wechat-login", null, Map.of("code", code), null);
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			System.out.printf("Redis down: health (redis DOWN) answered in %d ms, WeChat login in %d ms%n",
					health.took().toMillis(), login.took().toMillis());
			assertThat(login.json(Tokens.class).accessToken()).isNotNull();

			// the invitation limit (10 codes per 10 minutes) still bites, counted in
			// memory
			for (int i = 0; i < 10; i++) {
				Answer wrong = client.post("/api/v1/invitations/WRONG" + i + "/redeem", user, Map.of(), null);
				assertThat(wrong.status()).as(wrong.body()).isNotIn(401, 429, 500);
			}
			Answer limited = client.post("/api/v1/invitations/WRONG-X/redeem", user, Map.of(), null)
				.isProblem(429, "RATE_LIMITED");
			assertThat(limited.retryAfter()).isNotNull();
		}
		finally {
			servers.restartDeadServers();
		}
		long restarted = System.nanoTime();
		until(() -> client.get("/actuator/health", null).status() == 200, "Redis healthy again");
		System.out.printf("Redis back: health UP %d ms after the restart (%d ms after the kill)%n",
				millisSince(restarted), millisSince(killed));
	}

	@Test
	@Order(2)
	void shouldNotHangWhilePostgresIsFrozen() throws Exception {
		String admin = login(ADMIN);
		long county = orgId(admin, "411121");
		List<Long> pids = new ArrayList<>();
		long postmaster = servers.postgresPid().orElseThrow();
		pids.add(postmaster);
		ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> pids.add(p.pid()));
		signal("-STOP", pids);
		long stopped = System.nanoTime();
		try {
			Answer frozen = client.get("/api/v1/host-units?countyId=" + county, admin);
			assertThat(frozen.status()).as(frozen.body()).isEqualTo(503);
			assertThat(frozen.problem().code()).isIn("TIMED_OUT", "DATABASE_UNAVAILABLE");
			assertThat(frozen.retryAfter()).isNotNull();
			Answer readiness = client.get("/actuator/health/readiness", null);
			assertThat(readiness.status()).isEqualTo(503);
			System.out.printf("PostgreSQL frozen: a read answered 503 %s in %d ms, readiness 503 in %d ms%n",
					frozen.problem().code(), frozen.took().toMillis(), readiness.took().toMillis());
			assertThat(client.get("/actuator/health/liveness", null).status()).isEqualTo(200);
		}
		finally {
			signal("-CONT", pids);
		}
		long continued = System.nanoTime();
		until(() -> client.get("/actuator/health/readiness", null).status() == 200
				&& client.get("/api/v1/host-units?countyId=" + county, admin).status() == 200, "recovery");
		System.out.printf("PostgreSQL thawed: ready and answering %d ms after SIGCONT (frozen %d ms)%n",
				millisSince(continued), Duration.ofNanos(continued - stopped).toMillis());
	}

	@Test
	@Order(3)
	void shouldAnswer503WhilePostgresIsDownAndLoseOrDoubleNoAcknowledgedWrite() throws Exception {
		String admin = login(ADMIN);
		long county = orgId(admin, "411121");
		long town = orgId(admin, "411121100");
		String prefix = "故障-" + UUID.randomUUID().toString().substring(0, 8) + "-";
		Map<String, Map<String, Object>> bodies = new LinkedHashMap<>();
		for (int i = 0; i < 3; i++) {
			Map<String, Object> body = Map.of("name", prefix + i, "countyId", county, "townId", town, "kind",
					"MIDDLE_SCHOOL");
			String key = UUID.randomUUID().toString();
			bodies.put(key, body);
			acknowledged(admin, body, key);
		}

		kill(servers.postgresPid());
		long killed = System.nanoTime();
		until(() -> client.get("/actuator/health/readiness", null).status() == 503, "readiness DOWN");
		long down = millisSince(killed);
		long slowest = 0;
		for (int i = 0; i < 3; i++) {
			Answer answer = client.get("/api/v1/host-units?countyId=" + county, admin)
				.isProblem(503, "DATABASE_UNAVAILABLE");
			assertThat(answer.retryAfter()).isEqualTo("5");
			slowest = Math.max(slowest, answer.took().toMillis());
		}
		Map<String, Object> unacknowledged = Map.of("name", prefix + "3", "countyId", county, "townId", town, "kind",
				"MIDDLE_SCHOOL");
		String lateKey = UUID.randomUUID().toString();
		client.post("/api/v1/host-units", admin, unacknowledged, lateKey).isProblem(503, "DATABASE_UNAVAILABLE");

		// the supervisor of the default run starts PostgreSQL again; the pools reconnect
		servers.supervise(Duration.ofMillis(500));
		long supervised = System.nanoTime();
		until(() -> client.get("/actuator/health/readiness", null).status() == 200, "readiness UP again");
		System.out
			.printf("PostgreSQL down: readiness DOWN %d ms after the kill; 4 requests answered 503 (slowest %d ms);"
					+ " readiness UP %d ms after the supervisor began%n", down, slowest, millisSince(supervised));

		// replays answer the stored first answers; the refused write goes through once
		for (Map.Entry<String, Map<String, Object>> entry : bodies.entrySet()) {
			acknowledged(admin, entry.getValue(), entry.getKey());
		}
		acknowledged(admin, unacknowledged, lateKey);
		Answer list = client.get("/api/v1/host-units?countyId=" + county + "&limit=200", admin);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json(HostUnits.class).items()).extracting(HostUnit::name)
			.filteredOn(name -> name.startsWith(prefix))
			.containsExactlyInAnyOrder(prefix + 0, prefix + 1, prefix + 2, prefix + 3);
		System.out.printf(
				"PostgreSQL back: 3 acknowledged writes kept and not doubled by their replays, the refused one written once%n");
	}

	private static long millisSince(long nanos) {
		return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
	}

	/**
	 * Posts a host unit as a client does: a 503 (the pool may still hold connections
	 * broken by an earlier outage) is retried with the same key until it is acknowledged.
	 */
	private static void acknowledged(String admin, Map<String, Object> body, String key) throws InterruptedException {
		until(() -> {
			Answer answer = client.post("/api/v1/host-units", admin, body, key);
			assertThat(answer.status()).as(answer.body()).isIn(201, 503);
			return answer.status() == 201;
		}, "write acknowledged");
	}

	private static String login(String openid) {
		Answer answer = client.post("/api/v1/auth/dev-login", null, Map.of("openid", openid, "displayName", "故障测试"),
				null);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return "Bearer " + answer.json(Tokens.class).accessToken();
	}

	private static long orgId(String bearer, String code) {
		Answer answer = client.get("/api/v1/orgs/by-code/" + code, bearer);
		assertThat(answer.status()).isEqualTo(200);
		return answer.json(Identified.class).id();
	}

	private static void kill(OptionalLong pid) throws Exception {
		ProcessHandle process = ProcessHandle.of(pid.orElseThrow()).orElseThrow();
		process.destroyForcibly();
		process.onExit().get(20, TimeUnit.SECONDS);
	}

	private static void signal(String signal, List<Long> pids) throws Exception {
		List<String> command = new ArrayList<>(List.of("kill", signal));
		pids.forEach(pid -> command.add(Long.toString(pid)));
		Process kill = new ProcessBuilder(command).inheritIO().start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	static void until(Supplier<Boolean> condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.get()) {
				return;
			}
			Thread.sleep(250);
		}
		fail("Not reached within 60 s: " + what);
	}

}
