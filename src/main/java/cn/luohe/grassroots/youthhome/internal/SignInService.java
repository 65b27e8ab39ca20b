package cn.luohe.grassroots.youthhome.internal;

import java.time.Duration;
import java.time.Instant;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.youthhome.internal.SignInRepository.SessionRow;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Verified headcounts: the home's manager opens an activity's sign-in and shows its
 * rotating code; every logged-in user who scans it is counted once.
 */
@Service
public class SignInService {

	/** How long after the activity's end people may still sign in. */
	static final Duration AFTER_END = Duration.ofHours(2);

	private static final int KEY_BYTES = 32;

	private final SignInRepository signIns;

	private final ActivityRepository activities;

	private final HomeAccess homeAccess;

	private final SignInRateLimiter rateLimiter;

	private final CountInvalidation counts;

	private final TransactionalOperator transaction;

	private final BusinessClock clock;

	private final SignInCodes codes;

	SignInService(SignInRepository signIns, ActivityRepository activities, HomeAccess homeAccess,
			SignInRateLimiter rateLimiter, CountInvalidation counts, TransactionalOperator transaction,
			BusinessClock clock) {
		this.signIns = signIns;
		this.activities = activities;
		this.homeAccess = homeAccess;
		this.rateLimiter = rateLimiter;
		this.counts = counts;
		this.transaction = transaction;
		this.clock = clock;
		this.codes = new SignInCodes(clock.clock());
	}

	/**
	 * Opens or reopens the sign-in (201) until the activity's end + 2 h, keeping its key;
	 * one already open is answered as it is (200).
	 */
	@Transactional
	public Mono<Outcome<SignInSession>> open(Caller caller, long homeId, long activityId) {
		return keptActivity(caller, homeId, activityId).flatMap(activity -> {
			Instant now = this.clock.now();
			Instant closesAt = activity.endAt().plus(AFTER_END);
			if (!now.isBefore(closesAt)) {
				return Mono.error(ApiException.unprocessable("SIGN_IN_WINDOW_OVER",
						"Sign-in ends " + AFTER_END.toHours() + " hours after the activity's end"));
			}
			return this.signIns.findSession(activityId)
				.filter(session -> session.openAt(now))
				.map(session -> Outcome.ok(view(session, activity, now)))
				.switchIfEmpty(Mono
					.defer(() -> this.signIns.open(activityId, Randoms.bytes(KEY_BYTES), caller.userId(), now, closesAt)
						.map(session -> Outcome.created(view(session, activity, now)))));
		});
	}

	@Transactional
	public Mono<SignInSession> close(Caller caller, long homeId, long activityId) {
		return keptActivity(caller, homeId, activityId).flatMap(activity -> this.signIns
			.close(activityId, this.clock.now())
			.switchIfEmpty(Mono
				.error(() -> ApiException.unprocessable("SIGN_IN_CLOSED", "Sign-in of this activity was never opened")))
			.map(session -> view(session, activity, this.clock.now())));
	}

	/** The code to show now; only while the sign-in is open. */
	public Mono<SignInCodes.Code> currentCode(Caller caller, long homeId, long activityId) {
		return keptActivity(caller, homeId, activityId).then(this.signIns.findSession(activityId))
			.filter(session -> session.openAt(this.clock.now()))
			.switchIfEmpty(Mono.error(() -> closed()))
			.map(session -> this.codes.current(session.secret(), activityId));
	}

	/**
	 * Signs the caller in with a scanned code: 201 the first time, 200 with the same
	 * answer after that. Attempts are rate-limited before anything else is looked at.
	 */
	public Mono<Outcome<SignInResult>> signIn(Caller caller, String code) {
		SignInCodes.Parsed parsed = SignInCodes.parse(code);
		return this.rateLimiter.acquire(caller.userId(), (parsed != null) ? parsed.activityId() : null)
			.then(Mono.defer(() -> (parsed != null) ? this.transaction.transactional(record(caller, parsed))
					: Mono.error(invalid())));
	}

	private Mono<Outcome<SignInResult>> record(Caller caller, SignInCodes.Parsed code) {
		long activityId = code.activityId();
		return this.signIns.findSession(activityId)
			.switchIfEmpty(Mono.error(SignInService::invalid))
			.flatMap(session -> {
				SignInCodes.Verdict verdict = this.codes.verify(session.secret(), code);
				if (verdict == SignInCodes.Verdict.INVALID) {
					return Mono.error(invalid());
				}
				return this.signIns.signedInAt(activityId, caller.userId())
					.flatMap(at -> result(activityId, at).map(Outcome::ok))
					.switchIfEmpty(Mono.defer(() -> firstSignIn(caller, session, verdict)));
			});
	}

	private Mono<Outcome<SignInResult>> firstSignIn(Caller caller, SessionRow session, SignInCodes.Verdict verdict) {
		Instant now = this.clock.now();
		if (!session.openAt(now)) {
			return Mono.error(closed());
		}
		if (verdict == SignInCodes.Verdict.EXPIRED) {
			return Mono.error(ApiException.unprocessable("SIGN_IN_CODE_EXPIRED",
					"This code has rotated; scan the code shown now"));
		}
		long activityId = session.activityId();
		return this.signIns.insert(activityId, caller.userId(), now).flatMap(inserted -> {
			if (!inserted) {
				// signed in concurrently by another request of the same user
				return this.signIns.signedInAt(activityId, caller.userId())
					.flatMap(at -> result(activityId, at))
					.map(Outcome::ok);
			}
			return this.activities.findById(activityId)
				// the town-month's verified participants change
				.flatMap(activity -> this.counts.touch(activity.townId(), BusinessClock.monthOf(activity.startAt()))
					.thenReturn(Outcome.created(
							new SignInResult(activityId, activity.title(), activity.verifiedParticipants(), now))));
		});
	}

	private Mono<SignInResult> result(long activityId, Instant signedInAt) {
		return this.activities.findById(activityId)
			.map(activity -> new SignInResult(activityId, activity.title(), activity.verifiedParticipants(),
					signedInAt));
	}

	private Mono<Activity> keptActivity(Caller caller, long homeId, long activityId) {
		return this.homeAccess.keepable(caller, homeId)
			.then(this.activities.findById(activityId))
			// a voided activity takes no sign-ins
			.filter(activity -> activity.youthHomeId() == homeId && activity.voidedAt() == null)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Activity " + activityId)));
	}

	private static SignInSession view(SessionRow session, Activity activity, Instant now) {
		return new SignInSession(activity.id(), session.openAt(now), session.openedAt(), session.closesAt(),
				session.closedAt(), activity.verifiedParticipants(), SignInCodes.ROTATION_SECONDS);
	}

	private static ApiException invalid() {
		return ApiException.unprocessable("SIGN_IN_CODE_INVALID", "This is not a valid sign-in code");
	}

	private static ApiException closed() {
		return ApiException.unprocessable("SIGN_IN_CLOSED", "Sign-in of this activity is not open");
	}

}
