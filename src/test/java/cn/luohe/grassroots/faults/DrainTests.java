package cn.luohe.grassroots.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.luohe.grassroots.faults.RawHttp.Kind;
import cn.luohe.grassroots.faults.RawHttp.Outcome;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, a replica drained under load: check-ins keep coming while the instance is
 * closed as SIGTERM closes it ({@code server.shutdown=graceful}). Readiness goes DOWN
 * first while requests are still served ({@code app.server.drain-delay}, the in-process
 * preStop), every request the server took is answered, no acknowledged check-in is lost
 * and none is written unanswered, and afterwards connections are refused, never cut.
 */
class DrainTests extends ApiTest {

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

	private static final int WORKERS = 6;

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void shouldTakeReadinessDownFirstFinishInFlightWritesAndThenRefuse() throws Exception {
		ServiceInstance service = ServiceInstance
			.start(Map.of("app.server.drain-delay", "3s", "app.feed.relay-enabled", "false"));
		int port = service.port();
		long town = Db.orgId("411121100");
		String run = "drain-" + UUID.randomUUID().toString().substring(0, 8);
		List<TestUser> cadres = new ArrayList<>();
		for (int i = 0; i < WORKERS; i++) {
			cadres.add(identities().withRole(Role.CADRE, "411121"));
		}
		// one check-in first: a fresh instance builds its JSON readers and writers on the
		// first requests, under a lock that concurrent first requests would wait on, on
		// an event loop (BlockHound refuses that wait)
		assertThat(RawHttp
			.exchange(port, "POST", "/api/v1/visits",
					"Authorization: " + cadres.get(0).bearer() + "\r\nIdempotency-Key: " + run + "-warm\r\n",
					"{\"visitedOrgId\":" + town + ",\"location\":{\"lat\":33.437,\"lng\":113.609,\"accuracy\":15}}")
			.status()).isEqualTo(201);
		ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<long[]> readiness = new ConcurrentLinkedQueue<>();
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong closedAt = new AtomicLong(Long.MAX_VALUE);
		List<Thread> threads = new ArrayList<>();
		for (TestUser cadre : cadres) {
			threads.add(Thread.ofPlatform().name("drain-load").start(() -> {
				int n = 0;
				while (!stop.get()) {
					String note = run + "-" + cadre.id() + "-" + n++;
					long started = System.nanoTime();
					Outcome outcome = RawHttp.exchange(port, "POST", "/api/v1/visits",
							"Authorization: " + cadre.bearer() + "\r\nIdempotency-Key: " + note + "\r\n",
							"{\"visitedOrgId\":" + town
									+ ",\"location\":{\"lat\":33.437,\"lng\":113.609,\"accuracy\":15},\"note\":\""
									+ note + "\"}");
					sent.add(new Sent(note, started, System.nanoTime(), outcome));
				}
			}));
		}
		threads.add(Thread.ofPlatform().name("drain-readiness").start(() -> {
			while (!stop.get()) {
				Outcome outcome = RawHttp.exchange(port, "GET", "/actuator/health/readiness", "", null);
				readiness.add(new long[] { System.nanoTime(), outcome.kind().ordinal(), outcome.status() });
				sleep(20);
			}
		}));

		sleep(2000);
		long closing = System.nanoTime();
		service.close();
		closedAt.set(System.nanoTime());
		sleep(1000);
		stop.set(true);
		for (Thread thread : threads) {
			thread.join(40_000);
		}

		// readiness DOWN (503) was seen before any connection was refused
		long readinessDown = readiness.stream()
			.filter(r -> r[1] == Kind.ANSWERED.ordinal() && r[2] == 503)
			.mapToLong(r -> r[0])
			.min()
			.orElseThrow(() -> new AssertionError("readiness never answered 503"));
		long firstRefused = sent.stream()
			.filter(s -> s.outcome().kind() == Kind.REFUSED)
			.mapToLong(Sent::started)
			.min()
			.orElseThrow(() -> new AssertionError("no request was refused after the close"));
		assertThat(readinessDown).isGreaterThan(closing).isLessThan(firstRefused);
		assertThat(readiness).filteredOn(r -> r[0] < closing).allSatisfy(r -> assertThat(r[2]).isEqualTo(200));

		// every request the server took got its whole answer: 201, or a clean problem. A
		// connection still in the kernel's accept queue when the server closes its socket
		// is reset unread: only at the close, and the server never saw its request
		List<Sent> cut = sent.stream().filter(s -> s.outcome().kind() == Kind.CUT).toList();
		for (Sent s : cut) {
			System.out.printf("CUT %s started %+d ms ended %+d ms after closing; closed at %+d; written %d%n", s.note(),
					(s.started() - closing) / 1_000_000, (s.ended() - closing) / 1_000_000,
					(closedAt.get() - closing) / 1_000_000,
					Db.count("SELECT count(*) FROM visit WHERE note = ?", s.note()));
		}
		assertThat(cut).allSatisfy(s -> {
			assertThat(s.ended()).isGreaterThan(readinessDown);
			assertThat(Db.count("SELECT count(*) FROM visit WHERE note = ?", s.note())).isZero();
		});
		assertThat(sent).filteredOn(s -> s.outcome().kind() == Kind.ANSWERED)
			.allSatisfy(s -> assertThat(s.outcome().status()).as(s.outcome().body()).isIn(201, 503));
		List<Sent> acknowledged = sent.stream()
			.filter(s -> s.outcome().kind() == Kind.ANSWERED && s.outcome().status() == 201)
			.toList();
		// the server went on answering after its readiness went DOWN
		long servedWhileDraining = acknowledged.stream().filter(s -> s.ended() > readinessDown).count();
		System.out.printf("Drain: %d check-ins acknowledged, %d of them after readiness went DOWN; slowest %d ms%n",
				acknowledged.size(), servedWhileDraining,
				acknowledged.stream().mapToLong(s -> (s.ended() - s.started()) / 1_000_000).max().orElse(0));
		assertThat(servedWhileDraining).as("check-ins answered after readiness went DOWN").isPositive();
		// once closed, nothing is taken any more
		assertThat(sent).filteredOn(s -> s.started() > closedAt.get())
			.isNotEmpty()
			.allSatisfy(s -> assertThat(s.outcome().kind()).isEqualTo(Kind.REFUSED));

		// every acknowledged check-in is in the database, and nothing else was written
		for (Sent ack : acknowledged) {
			Matcher id = ID.matcher(ack.outcome().body());
			assertThat(id.find()).as(ack.outcome().body()).isTrue();
			assertThat(Db.count("SELECT count(*) FROM visit WHERE id = ? AND note = ?", Long.parseLong(id.group(1)),
					ack.note()))
				.isEqualTo(1);
		}
		assertThat(Db.count("SELECT count(*) FROM visit WHERE note LIKE ?", run + "-%")).isEqualTo(acknowledged.size());
		System.out.printf(
				"Drain: readiness DOWN %d ms after close(); close() took %d ms; %d check-ins acknowledged (%d after"
						+ " readiness DOWN), %d refused, %d reset unread at the close, 0 lost%n",
				Duration.ofNanos(readinessDown - closing).toMillis(),
				Duration.ofNanos(closedAt.get() - closing).toMillis(), acknowledged.size(), servedWhileDraining,
				sent.stream().filter(s -> s.outcome().kind() == Kind.REFUSED).count(), cut.size());
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	record Sent(String note, long started, long ended, Outcome outcome) {
	}

}
