package cn.luohe.grassroots.common.idempotency;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The key table and the record commit together, on the real database. */
@IntegrationTest
class IdempotencyTests {

	@Autowired
	Idempotency idempotency;

	@Autowired
	TransactionalOperator tx;

	@Autowired
	DatabaseClient db;

	private final long userId = 900_000 + (Randoms.bytes(1)[0] & 0xff);

	private String key;

	@BeforeEach
	void setUp() {
		this.key = "k-" + Randoms.token(8);
		this.db.sql("CREATE TABLE IF NOT EXISTS idempotency_probe (id serial PRIMARY KEY, key text, value text)")
			.then()
			.as(StepVerifier::create)
			.verifyComplete();
	}

	@Test
	void shouldRunOnceAndReplayTheFirstResponse() {
		AtomicInteger runs = new AtomicInteger();
		Outcome<Probe> first = write(new Probe("a"), runs).block();
		Outcome<Probe> again = write(new Probe("a"), runs).block();
		assertThat(runs).hasValue(1);
		assertThat(again).isEqualTo(first);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldRefuseTheSameKeyWithAnotherRequest() {
		write(new Probe("a"), new AtomicInteger()).block();
		StepVerifier.create(write(new Probe("b"), new AtomicInteger()))
			.expectErrorSatisfies(
					error -> assertThat(((ApiException) error).code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"))
			.verify();
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldForgetAKeyWhoseWriteFailed() {
		AtomicInteger runs = new AtomicInteger();
		Mono<Outcome<Probe>> failing = this.idempotency
			.run(this.userId, this.key, "probe", new Probe("a"), Probe.class,
					() -> insert("a").then(Mono.error(new IllegalStateException("boom"))))
			.as(this.tx::transactional);
		StepVerifier.create(failing).expectError(IllegalStateException.class).verify();
		assertThat(rows()).isZero();
		write(new Probe("a"), runs).block();
		assertThat(runs).hasValue(1);
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldAnswer409WhileTheFirstRequestIsStillRunning() {
		AtomicInteger runs = new AtomicInteger();
		Mono<Outcome<Probe>> slow = this.idempotency
			.run(this.userId, this.key, "probe", new Probe("a"), Probe.class,
					() -> Mono.delay(Duration.ofSeconds(2)).then(count(runs)))
			.as(this.tx::transactional);
		Mono<Outcome<Probe>> second = Mono.delay(Duration.ofMillis(300)).then(write(new Probe("a"), runs));
		StepVerifier.create(Mono.zipDelayError(slow, second))
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("still being processed"))
			.verify(Duration.ofSeconds(10));
	}

	private Mono<Outcome<Probe>> write(Probe probe, AtomicInteger runs) {
		return this.idempotency
			.run(this.userId, this.key, "probe", probe, Probe.class, () -> insert(probe.value()).then(count(runs)))
			.as(this.tx::transactional);
	}

	private Mono<Outcome<Probe>> count(AtomicInteger runs) {
		return Mono.fromSupplier(() -> Outcome.created(new Probe("run-" + runs.incrementAndGet())));
	}

	private Mono<Void> insert(String value) {
		return this.db.sql("INSERT INTO idempotency_probe (key, value) VALUES (:key, :value)")
			.bind("key", this.key)
			.bind("value", value)
			.then();
	}

	private long rows() {
		return this.db.sql("SELECT count(*) AS n FROM idempotency_probe WHERE key = :key")
			.bind("key", this.key)
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
	}

	record Probe(String value) {
	}

}
