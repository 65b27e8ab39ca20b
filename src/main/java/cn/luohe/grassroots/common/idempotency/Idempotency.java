package cn.luohe.grassroots.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * {@code Idempotency-Key} handling for record-creating writes. Must run inside the
 * write's transaction: the key row and the record commit together or not at all, so a key
 * exists exactly when its record does, and a replay answers the stored first response.
 *
 * <ul>
 * <li>same user, key and request: the first response again (status and body), nothing
 * written twice;</li>
 * <li>same key, another request: 422 {@code IDEMPOTENCY_KEY_REUSED};</li>
 * <li>same key while the first is still running: 409 {@code IDEMPOTENCY_KEY_IN_PROGRESS}
 * (answered at once: the second never waits on the first's uncommitted row).</li>
 * </ul>
 */
@Component
public class Idempotency {

	static final Duration RETENTION = Duration.ofHours(48);

	private final DatabaseClient db;

	private final JsonMapper json;

	private final BusinessClock clock;

	private final TransactionalOperator transactions;

	public Idempotency(DatabaseClient db, JsonMapper json, BusinessClock clock,
			ReactiveTransactionManager transactionManager) {
		this.transactions = TransactionalOperator.create(transactionManager);
		this.db = db;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * Runs {@code action} once per (user, key); without a key it simply runs.
	 * @param operation names the endpoint and its path ids (e.g.
	 * {@code visit.check-out:42})
	 * @param request the validated request, hashed to detect reuse with another body
	 * @param responseType to read a stored response back
	 */
	public <T> Mono<Outcome<T>> run(long userId, @Nullable String key, String operation, Object request,
			Class<T> responseType, Supplier<Mono<Outcome<T>>> action) {
		if (key == null) {
			return Mono.defer(action);
		}
		if (key.isEmpty() || key.length() > 64) {
			return Mono.error(ApiException.invalidField("Idempotency-Key", "must be 1 to 64 characters"));
		}
		String hash = hash(operation, request);
		// The key's advisory lock is tried in the insert itself: whoever inserts a key
		// holds it until their transaction ends, so the insert never waits on another's
		// uncommitted row; not getting it means the first request is still running.
		return this.db.sql("""
				INSERT INTO idempotency_key (user_id, key, operation, request_hash, created_at)
				SELECT :user, :key, :operation, :hash, :now
				 WHERE pg_try_advisory_xact_lock(hashtextextended(:user::text || ':' || :key, 0))
				ON CONFLICT (user_id, key) DO NOTHING
				""")
			.bind("user", userId)
			.bind("key", key)
			.bind("operation", operation)
			.bind("hash", hash)
			.bind("now", this.clock.now())
			.fetch()
			.rowsUpdated()
			.flatMap(inserted -> (inserted == 1) ? firstRun(userId, key, action)
					: replay(userId, key, hash, responseType));
	}

	/**
	 * {@link #run}, after {@code checks} that read only and run before the caller's
	 * transaction (so that it holds fewer statements). A check that fails for a request
	 * already answered under the key (e.g. its photo since voided) still answers the
	 * stored first response: a replay never depends on what changed since.
	 */
	public <C, T> Mono<Outcome<T>> runChecked(long userId, @Nullable String key, String operation, Object request,
			Class<T> responseType, Mono<C> checks, Function<C, Mono<Outcome<T>>> transactional) {
		return checks
			.onErrorResume(ApiException.class,
					ex -> (key == null || key.isEmpty() || key.length() > 64) ? Mono.error(ex)
							: stored(userId, key, hash(operation, request), responseType)
								.flatMap(answer -> Mono.<C>error(new Replayed(answer)))
								.switchIfEmpty(Mono.error(ex)))
			.flatMap(transactional)
			.onErrorResume(Replayed.class, replayed -> Mono.just(replayed.<T>answer()));
	}

	/**
	 * A write in the shape issue 19 asks of every create: {@code checks} read and judge
	 * before the transaction ({@link #runChecked}); inside it are the key,
	 * {@code write}'s statement and the stored answer ({@link #run}).
	 */
	public <C, T> Mono<Outcome<T>> transact(long userId, @Nullable String key, String operation, Object request,
			Class<T> responseType, Mono<C> checks, Function<C, Mono<Outcome<T>>> write) {
		return runChecked(userId, key, operation, request, responseType, checks,
				checked -> run(userId, key, operation, request, responseType, () -> write.apply(checked))
					.as(this.transactions::transactional));
	}

	/**
	 * A create in one statement and no transaction (issue 19: the check-in, the busiest
	 * write). {@code checks} read and judge first, as in {@link #transact}, and draw the
	 * record's id, so {@code prepare} knows the answer before anything is written; the
	 * statement it runs claims the key with that answer stored ({@link KeyClaim}), writes
	 * the record and its other rows, or, when the key is taken, fails whole and the
	 * request is answered as a replay (the first answer, 422 for another request, 409
	 * while the first still runs). Without a key the statement simply runs.
	 */
	public <C, T> Mono<Outcome<T>> writeAtOnce(long userId, @Nullable String key, String operation, Object request,
			Class<T> responseType, Mono<C> checks, Function<C, Prepared<T>> prepare) {
		if (key != null && (key.isEmpty() || key.length() > 64)) {
			return Mono.error(ApiException.invalidField("Idempotency-Key", "must be 1 to 64 characters"));
		}
		return runChecked(userId, key, operation, request, responseType, checks, checked -> {
			Prepared<T> prepared = prepare.apply(checked);
			if (key == null) {
				return prepared.write().apply(KeyClaim.NONE).thenReturn(prepared.answer());
			}
			String hash = hash(operation, request);
			KeyClaim claim = new KeyClaim(SqlStep.named("idem",
					"SELECT claim_idempotency_key(:user, :key, :operation, :hash, :now, :status, :body) AS claimed",
					Map.of("user", userId, "key", key, "operation", operation, "hash", hash, "now", this.clock.now(),
							"status", prepared.answer().status().value(), "body",
							this.json.writeValueAsString(prepared.answer().body()))),
					"(SELECT claimed FROM idem)");
			return prepared.write()
				.apply(claim)
				.thenReturn(prepared.answer())
				// refused by its statement (the record changed since the checks read it,
				// e.g. a retry racing its own first request): as a failed check, it
				// still answers a first answer stored under the key meanwhile
				.onErrorResume(ApiException.class,
						refused -> stored(userId, key, hash, responseType).switchIfEmpty(Mono.error(refused)))
				.onErrorResume(Idempotency::isKeyTaken, taken -> replay(userId, key, hash, responseType));
		});
	}

	/** The statement's refusal by {@code claim_idempotency_key} (SQLSTATE GRK01). */
	private static boolean isKeyTaken(Throwable error) {
		return SqlStep.raised(error, "GRK01");
	}

	/**
	 * A create prepared for {@link #writeAtOnce}: its answer, and its statement given the
	 * key's claim.
	 */
	public record Prepared<T>(Outcome<T> answer, Function<KeyClaim, Mono<Void>> write) {
	}

	/**
	 * The key's claim, a step of the create's statement: {@code step} goes before the
	 * record's clause, which must read {@code gate} (e.g. in its {@code WHERE}) so that
	 * the claim runs; either is a no-op without a key.
	 */
	public record KeyClaim(SqlStep step, String gate) {

		static final KeyClaim NONE = new KeyClaim(SqlStep.NONE, "true");

	}

	/** A check failed, but the key holds this request's first answer. */
	private static final class Replayed extends RuntimeException {

		private final transient Outcome<?> answer;

		Replayed(Outcome<?> answer) {
			super(null, null, false, false);
			this.answer = answer;
		}

		@SuppressWarnings("unchecked")
		<T> Outcome<T> answer() {
			return (Outcome<T>) this.answer;
		}

	}

	/** The committed answer of this request under the key, if there is one. */
	private <T> Mono<Outcome<T>> stored(long userId, String key, String hash, Class<T> responseType) {
		return this.db
			.sql("SELECT response_status, response_body FROM idempotency_key"
					+ " WHERE user_id = :user AND key = :key AND request_hash = :hash AND response_body IS NOT NULL")
			.bind("user", userId)
			.bind("key", key)
			.bind("hash", hash)
			.map(row -> new Outcome<>(HttpStatus.valueOf(Params.required(row.get("response_status", Integer.class))),
					this.json.readValue(Params.required(row.get("response_body", String.class)), responseType)))
			.one();
	}

	private <T> Mono<Outcome<T>> firstRun(long userId, String key, Supplier<Mono<Outcome<T>>> action) {
		return Mono.defer(action)
			.flatMap(outcome -> this.db
				.sql("UPDATE idempotency_key SET response_status = :status, response_body = :body"
						+ " WHERE user_id = :user AND key = :key")
				.bind("status", outcome.status().value())
				.bind("body", this.json.writeValueAsString(outcome.body()))
				.bind("user", userId)
				.bind("key", key)
				.then()
				.thenReturn(outcome));
	}

	private <T> Mono<Outcome<T>> replay(long userId, String key, String hash, Class<T> responseType) {
		return this.db
			.sql("SELECT request_hash, response_status, response_body FROM idempotency_key"
					+ " WHERE user_id = :user AND key = :key")
			.bind("user", userId)
			.bind("key", key)
			.map(row -> new Stored(Params.required(row.get("request_hash", String.class)),
					row.get("response_status", Integer.class), row.get("response_body", String.class)))
			.one()
			// no committed row: the first request holds
			// the key's lock and is still running
			.switchIfEmpty(Mono.error(Idempotency::inProgress))
			.flatMap(stored -> {
				if (!stored.requestHash().equals(hash)) {
					return Mono.error(ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED",
							"This Idempotency-Key was used with a different request"));
				}
				if (stored.status() == null || stored.body() == null) {
					return Mono.error(inProgress());
				}
				HttpStatus status = HttpStatus.valueOf(stored.status());
				return Mono.just(new Outcome<>(status, this.json.readValue(stored.body(), responseType)));
			});
	}

	/** Deletes keys past their retention; returns how many. */
	public Mono<Long> purgeExpired() {
		return this.db.sql("DELETE FROM idempotency_key WHERE created_at < :cutoff")
			.bind("cutoff", this.clock.now().minus(RETENTION))
			.fetch()
			.rowsUpdated();
	}

	private static ApiException inProgress() {
		return ApiException.conflict("IDEMPOTENCY_KEY_IN_PROGRESS",
				"A request with this Idempotency-Key is still being processed");
	}

	private String hash(String operation, Object request) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(operation.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(this.json.writeValueAsBytes(request));
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The response of a write: its status and body. */
	public record Outcome<T>(HttpStatus status, T body) {

		public static <T> Outcome<T> created(T body) {
			return new Outcome<>(HttpStatus.CREATED, body);
		}

		public static <T> Outcome<T> ok(T body) {
			return new Outcome<>(HttpStatus.OK, body);
		}

	}

	private record Stored(String requestHash, @Nullable Integer status, @Nullable String body) {
	}

}
