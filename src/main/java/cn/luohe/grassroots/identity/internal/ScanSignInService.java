package cn.luohe.grassroots.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * PC sign-in by scan. A browser starts an attempt and shows a mini-program code holding a
 * short random scene; it keeps the attempt's id and a secret (only its hash is stored,
 * compared in constant time). A signed-in mini-program user scans (SCANNED) and confirms
 * or declines with the scene. The browser polls with its secret (a long poll: the answer
 * comes as soon as the state changes) and, on the first poll after CONFIRMED, receives
 * tokens of a new browser session bound to the confirming user and the bindings they
 * held. An attempt lives {@code app.scan.ttl}; a new one replaces it on the page.
 */
@Service
public class ScanSignInService {

	/** How often a waiting poll looks at its attempt again. */
	private static final Duration POLL_STEP = Duration.ofMillis(200);

	private static final int MAX_USER_AGENT = 300;

	private final DatabaseClient db;

	private final WeChatGateway wechat;

	private final TokenService tokens;

	private final BusinessClock clock;

	private final AuditLog audit;

	private final ScanLimits limits;

	private final ScanProperties properties;

	private final TransactionalOperator tx;

	ScanSignInService(DatabaseClient db, WeChatGateway wechat, TokenService tokens, BusinessClock clock, AuditLog audit,
			ScanLimits limits, ScanProperties properties, TransactionalOperator tx) {
		this.db = db;
		this.wechat = wechat;
		this.tokens = tokens;
		this.clock = clock;
		this.audit = audit;
		this.limits = limits;
		this.properties = properties;
		this.tx = tx;
	}

	/**
	 * Starts an attempt: the code first (503 WECHAT_NOT_CONFIGURED without WeChat, and
	 * nothing stored when WeChat fails), then the row.
	 */
	public Mono<Started> start(String address, @Nullable String userAgent) {
		// 16 random bytes: 22 URL-safe characters, within WeChat's 32
		String scene = Randoms.token(16);
		String id = Randoms.token(18);
		String secret = Randoms.token(32);
		return this.limits.create(address)
			.then(this.wechat.miniProgramCode(scene, this.properties.page(), this.properties.envVersion()))
			.flatMap(image -> {
				Instant now = this.clock.now();
				Instant expiresAt = now.plus(this.properties.ttl());
				return this.db.sql("""
						INSERT INTO scan_session (id, scene, secret_hash, status, created_at, expires_at, user_agent)
						VALUES (:id, :scene, :secret, 'WAITING', :now, :expires, :agent)
						""")
					.bind("id", id)
					.bind("scene", scene)
					.bind("secret", TokenService.hash(secret))
					.bind("now", now)
					.bind("expires", expiresAt)
					.bind("agent", Params.nullable(trimAgent(userAgent), String.class))
					.then()
					// attempts a day past their end are of no use to anybody
					.then(this.db.sql("DELETE FROM scan_session WHERE expires_at < :before")
						.bind("before", now.minus(Duration.ofDays(1)))
						.then())
					.thenReturn(new Started(id, scene, secret, expiresAt, dataUrl(image)));
			});
	}

	/**
	 * The attempt's state for the browser holding its secret (404 otherwise), waiting up
	 * to {@code wait} for it to move on from {@code WAITING}/{@code SCANNED}. Tokens come
	 * once: with the first answer after confirmation.
	 */
	public Mono<Poll> poll(String id, String secret, Duration wait) {
		Duration bounded = (wait.compareTo(this.properties.maxWait()) > 0) ? this.properties.maxWait() : wait;
		return this.limits.poll(id)
			.then(load(id))
			.filter(stored -> secretMatches(stored, secret))
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Scan session")))
			.flatMap(first -> {
				Status initial = first.status(this.clock.now());
				if (bounded.isZero() || initial.settled()) {
					return answer(first);
				}
				// a tick while a read is still running is dropped (a slow database
				// must not fail the poll with an overflow)
				return Flux.interval(POLL_STEP)
					.onBackpressureDrop()
					.concatMap(tick -> load(id), 1)
					.filter(next -> next.status(this.clock.now()) != initial)
					.next()
					.timeout(bounded, Mono.defer(() -> load(id)))
					.flatMap(this::answer);
			});
	}

	/** The mini-program scanned the code: SCANNED, with what the phone should show. */
	public Mono<Scanned> scan(Caller caller, String scene) {
		Instant now = this.clock.now();
		return this.limits.decide(caller.userId())
			.then(refuseBrowser())
			.then(this.db.sql("""
					UPDATE scan_session SET status = 'SCANNED', user_id = :user
					 WHERE scene = :scene AND status IN ('WAITING', 'SCANNED') AND expires_at > :now
					   AND (user_id IS NULL OR user_id = :user)
					RETURNING expires_at, user_agent
					""")
				.bind("scene", scene)
				.bind("user", caller.userId())
				.bind("now", now)
				.map(row -> new Scanned(Status.SCANNED, Params.required(row.get("expires_at", Instant.class)),
						row.get("user_agent", String.class)))
				.one()
				.switchIfEmpty(Mono.defer(() -> refusal(scene))));
	}

	/**
	 * The mini-program user accepts or declines. Accepting needs at least one role (a
	 * browser session acts with the user's bindings) and a mini-program token (a browser
	 * does not sign in another).
	 */
	public Mono<Status> decide(Caller caller, String scene, boolean accept) {
		if (accept && caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		Instant now = this.clock.now();
		Status status = accept ? Status.CONFIRMED : Status.DECLINED;
		Long[] bindings = caller.bindings().stream().map(RoleBinding::id).toArray(Long[]::new);
		return this.limits.decide(caller.userId())
			.then(refuseBrowser())
			.then(this.db
				.sql("""
						UPDATE scan_session SET status = :status, user_id = :user, binding_ids = :bindings, decided_at = :now
						 WHERE scene = :scene AND status IN ('WAITING', 'SCANNED') AND expires_at > :now
						   AND (user_id IS NULL OR user_id = :user)
						RETURNING id
						""")
				.bind("status", status.name())
				.bind("user", caller.userId())
				.bind("bindings", bindings)
				.bind("now", now)
				.bind("scene", scene)
				.map(row -> Params.required(row.get("id", String.class)))
				.one())
			.flatMap(id -> this.audit
				.record(accept ? "SCAN_SIGN_IN_CONFIRMED" : "SCAN_SIGN_IN_DECLINED", caller.userId(), caller.userId(),
						null, null)
				.thenReturn(status))
			.switchIfEmpty(Mono.defer(() -> refusal(scene)))
			.as(this.tx::transactional);
	}

	private static Mono<Void> refuseBrowser() {
		return BrowserSession.current().flatMap(session -> Mono.<Void>error(ApiException.forbiddenRole())).then();
	}

	/** Why a scene could not be scanned or decided: unknown, expired, or taken. */
	private <T> Mono<T> refusal(String scene) {
		return this.db.sql("SELECT id FROM scan_session WHERE scene = :scene")
			.bind("scene", scene)
			.map(row -> Params.required(row.get("id", String.class)))
			.one()
			.flatMap(this::load)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Scan session")))
			.flatMap(stored -> (stored.status(this.clock.now()) == Status.EXPIRED)
					? Mono.error(new ApiException(HttpStatus.CONFLICT, "SCAN_SESSION_EXPIRED",
							"This sign-in code has expired; the PC shows a new one"))
					: Mono.error(new ApiException(HttpStatus.CONFLICT, "SCAN_SESSION_DECIDED",
							"This sign-in code was already used")));
	}

	private Mono<Poll> answer(Stored stored) {
		Instant now = this.clock.now();
		Status status = stored.status(now);
		if (status != Status.CONFIRMED || stored.collectedAt() != null || stored.decidedAt() == null
				|| !now.isBefore(stored.decidedAt().plus(this.properties.collectWithin()))) {
			return Mono.just(new Poll(status, stored.expiresAt(), null));
		}
		return collect(stored, now).map(issued -> new Poll(status, stored.expiresAt(), issued))
			.defaultIfEmpty(new Poll(status, stored.expiresAt(), null));
	}

	/**
	 * Hands out the tokens, once: the attempt is marked collected, the browser session
	 * and its first refresh token are written, in one transaction. A concurrent poll that
	 * lost the race gets none.
	 */
	private Mono<Issued> collect(Stored stored, Instant now) {
		UUID family = Randoms.uuid();
		return this.db.sql("""
				WITH taken AS (
				  UPDATE scan_session SET collected_at = :now
				   WHERE id = :id AND status = 'CONFIRMED' AND collected_at IS NULL
				  RETURNING user_id, binding_ids, user_agent
				)
				INSERT INTO pc_session (user_id, family, binding_ids, user_agent, created_at)
				SELECT user_id, :family, binding_ids, user_agent, :now FROM taken
				RETURNING id, user_id, binding_ids
				""")
			.bind("now", now)
			.bind("id", stored.id())
			.bind("family", family)
			.map(row -> new Object[] { Params.required(row.get("id", Long.class)),
					Params.required(row.get("user_id", Long.class)),
					Params.required(row.get("binding_ids", Long[].class)) })
			.one()
			.flatMap(row -> {
				long sessionId = (Long) row[0];
				long userId = (Long) row[1];
				BrowserSession session = new BrowserSession(sessionId, List.of((Long[]) row[2]));
				return this.db.sql("UPDATE scan_session SET pc_session_id = :session WHERE id = :id")
					.bind("session", sessionId)
					.bind("id", stored.id())
					.then()
					.then(this.tokens.issueBrowser(userId, session, family))
					.flatMap(pair -> this.audit.record("PC_SIGN_IN", userId, userId, null, "pc session " + sessionId)
						.thenReturn(
								new Issued(pair.accessToken(), this.tokens.accessTokenSeconds(), pair.refreshToken())));
			})
			.as(this.tx::transactional);
	}

	private Mono<Stored> load(String id) {
		return this.db.sql("""
				SELECT id, secret_hash, status, expires_at, decided_at, collected_at FROM scan_session WHERE id = :id
				""").bind("id", id).map(ScanSignInService::toStored).one();
	}

	private static Stored toStored(Readable row) {
		return new Stored(Params.required(row.get("id", String.class)),
				Params.required(row.get("secret_hash", String.class)),
				Status.valueOf(Params.required(row.get("status", String.class))),
				Params.required(row.get("expires_at", Instant.class)), row.get("decided_at", Instant.class),
				row.get("collected_at", Instant.class));
	}

	private static boolean secretMatches(Stored stored, String secret) {
		return MessageDigest.isEqual(TokenService.hash(secret).getBytes(StandardCharsets.US_ASCII),
				stored.secretHash().getBytes(StandardCharsets.US_ASCII));
	}

	private static @Nullable String trimAgent(@Nullable String userAgent) {
		if (userAgent == null || userAgent.isBlank()) {
			return null;
		}
		String stripped = userAgent.strip();
		return (stripped.length() > MAX_USER_AGENT) ? stripped.substring(0, MAX_USER_AGENT) : stripped;
	}

	private static String dataUrl(byte[] image) {
		boolean png = image.length > 3 && (image[0] & 0xff) == 0x89 && image[1] == 'P' && image[2] == 'N'
				&& image[3] == 'G';
		return "data:" + (png ? "image/png" : "image/jpeg") + ";base64," + Base64.getEncoder().encodeToString(image);
	}

	/** What an attempt can be; EXPIRED is judged, not stored. */
	public enum Status {

		WAITING, SCANNED, CONFIRMED, DECLINED, EXPIRED;

		boolean settled() {
			return this == CONFIRMED || this == DECLINED || this == EXPIRED;
		}

	}

	private record Stored(String id, String secretHash, Status stored, Instant expiresAt, @Nullable Instant decidedAt,
			@Nullable Instant collectedAt) {

		Status status(Instant now) {
			if ((this.stored == Status.WAITING || this.stored == Status.SCANNED) && !now.isBefore(this.expiresAt)) {
				return Status.EXPIRED;
			}
			return this.stored;
		}

	}

	/** A new attempt, for the browser that started it. */
	public record Started(String id, String scene, String secret, Instant expiresAt, String qrImage) {

		@Override
		public String toString() {
			return "Started[" + this.id + "]";
		}

	}

	/** What a poll answers; tokens once. */
	public record Poll(Status status, Instant expiresAt, @Nullable Issued tokens) {
	}

	/** The browser's tokens, as a login answers them. */
	public record Issued(String accessToken, long expiresIn, String refreshToken) {

		@Override
		public String toString() {
			return "Issued[******]";
		}

	}

	/** What the phone shows before its user decides. */
	public record Scanned(Status status, Instant expiresAt, @Nullable String userAgent) {
	}

}
