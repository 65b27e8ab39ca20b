package cn.luohe.grassroots.common.idempotency;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.support.IntegrationTest;
import org.jspecify.annotations.Nullable;
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

	private @Nullable String key;

	/** The probe rows' key: the idempotency key, or this test's own mark without one. */
	private String probeKey;

	@BeforeEach
	void setUp() {
		this.key = "k-" + Randoms.token(8);
		this.probeKey = this.key;
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
		expectReused(write(new Probe("b"), new AtomicInteger()));
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

	@Test
	void shouldWriteAtOnceThenReplayTheStoredAnswerAndWriteNothingMore() {
		Outcome<Probe> first = writeAtOnce(new Probe("a"), Mono.empty()).block();
		assertThat(first).isEqualTo(Outcome.created(new Probe("answer-a")));
		// the replay's statement runs, fails on the
		// claim and leaves no row of its own
		assertThat(writeAtOnce(new Probe("a"), Mono.empty()).block()).isEqualTo(first);
		assertThat(rows()).isEqualTo(1);
		expectReused(writeAtOnce(new Probe("b"), Mono.empty()));
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldWriteAtOnceWithoutAKeyEveryTime() {
		this.key = null;
		this.probeKey = "no-key-" + Randoms.token(6);
		writeAtOnce(new Probe("a"), Mono.empty()).block();
		writeAtOnce(new Probe("a"), Mono.empty()).block();
		assertThat(rows()).isEqualTo(2);
	}

	@Test
	void shouldForgetAKeyWhoseOneStatementWriteFailed() {
		StepVerifier.create(writeAtOnce(new Probe("a"), Mono.error(new IllegalStateException("boom"))))
			.expectError(IllegalStateException.class)
			.verify();
		assertThat(rows()).isZero();
		writeAtOnce(new Probe("a"), Mono.empty()).block();
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldAnswer409ToAOneStatementWriteWhileTheFirstIsStillRunning() {
		Mono<Outcome<Probe>> slow = writeAtOnce(new Probe("a"), Mono.delay(Duration.ofSeconds(2)).then());
		Mono<Outcome<Probe>> second = Mono.delay(Duration.ofMillis(300))
			.then(writeAtOnce(new Probe("a"), Mono.empty()));
		StepVerifier.create(Mono.zipDelayError(slow, second))
			.expectErrorSatisfies(error -> assertThat(error).hasMessageContaining("still being processed"))
			.verify(Duration.ofSeconds(10));
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void shouldAnswerTheStoredAnswerToAOneStatementWriteRefusedAfterItsChecks() {
		Outcome<Probe> first = writeAtOnce(new Probe("a"), Mono.empty()).block();
		// refused by its statement (as a check-out whose visit a first request under the
		// same key completed meanwhile): the first answer, as a failed check would
		assertThat(refusedAtOnce(new Probe("a")).block()).isEqualTo(first);
		// under another key the refusal stands
		this.key = "k-" + Randoms.token(8);
		StepVerifier.create(refusedAtOnce(new Probe("a")))
			.expectErrorSatisfies(
					error -> assertThat(error).isInstanceOf(ApiException.class).hasMessageContaining("refused"))
			.verify();
		assertThat(rows()).isEqualTo(1);
	}

	private Mono<Outcome<Probe>> refusedAtOnce(Probe probe) {
		return this.idempotency.writeAtOnce(this.userId, this.key, "probe", probe, Probe.class, Mono.just(probe),
				checked -> new Idempotency.Prepared<>(Outcome.created(new Probe("answer-" + checked.value())),
						claim -> Mono.error(ApiException.conflict("PROBE_REFUSED", "refused by its statement"))));
	}

	/**
	 * A probe row written by one statement with the key's claim; {@code after} runs in a
	 * transaction with it (a slow or failing rest of the write).
	 */
	private Mono<Outcome<Probe>> writeAtOnce(Probe probe, Mono<Void> after) {
		return this.idempotency.writeAtOnce(this.userId, this.key, "probe", probe, Probe.class, Mono.just(probe),
				checked -> new Idempotency.Prepared<>(Outcome.created(new Probe("answer-" + checked.value())),
						claim -> SqlStep
							.bind(this.db.sql(SqlStep.with(claim.step(),
									"p AS (INSERT INTO idempotency_probe (key, value) SELECT :key, :value WHERE "
											+ claim.gate() + " RETURNING id)",
									"SELECT id FROM p")), claim.step())
							.bind("key", this.probeKey)
							.bind("value", checked.value())
							.then()
							.then(after)
							.as(this.tx::transactional)));
	}

	private static void expectReused(Mono<Outcome<Probe>> write) {
		StepVerifier.create(write)
			.expectErrorSatisfies(
					error -> assertThat(((ApiException) error).code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"))
			.verify();
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
			.bind("key", this.probeKey)
			.bind("value", value)
			.then();
	}

	private long rows() {
		return this.db.sql("SELECT count(*) AS n FROM idempotency_probe WHERE key = :key")
			.bind("key", this.probeKey)
			.map(row -> row.get("n", Long.class))
			.one()
			.block();
	}

	record Probe(String value) {
	}

}
