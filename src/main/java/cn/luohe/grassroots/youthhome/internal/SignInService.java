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

	private final BusinessClock clock;

	private final SignInCodes codes;

	SignInService(SignInRepository signIns, ActivityRepository activities, HomeAccess homeAccess,
			SignInRateLimiter rateLimiter, CountInvalidation counts, BusinessClock clock) {
		this.signIns = signIns;
		this.activities = activities;
		this.homeAccess = homeAccess;
		this.rateLimiter = rateLimiter;
		this.counts = counts;
		this.clock = clock;
		this.codes = new SignInCodes(clock.clock());
	}

	/**
	 * Opens or reopens the sign-in (201) until the activity's end + 2 h, keeping its key;
	 * one already open is answered as it is (200). Reads, then one upsert that keeps the
	 * key of a concurrent open: no transaction is needed.
	 */
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

	/** Closes the sign-in: reads, then one statement. */
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
	 * answer after that. Attempts are rate-limited before anything else is looked at. The
	 * session and an earlier sign-in are read first; a first sign-in is then one
	 * statement (the sign-in with its town-month's dirty mark, answering the new count),
	 * atomic without a transaction.
	 */
	public Mono<Outcome<SignInResult>> signIn(Caller caller, String code) {
		SignInCodes.Parsed parsed = SignInCodes.parse(code);
		return this.rateLimiter.acquire(caller.userId(), (parsed != null) ? parsed.activityId() : null)
			.then(Mono.defer(() -> (parsed != null) ? record(caller, parsed) : Mono.error(invalid())));
	}

	private Mono<Outcome<SignInResult>> record(Caller caller, SignInCodes.Parsed code) {
		long activityId = code.activityId();
		return this.signIns.findTarget(activityId).switchIfEmpty(Mono.error(SignInService::invalid)).flatMap(target -> {
			SignInCodes.Verdict verdict = this.codes.verify(target.session().secret(), code);
			if (verdict == SignInCodes.Verdict.INVALID) {
				return Mono.error(invalid());
			}
			return this.signIns.signedInAt(activityId, caller.userId())
				.flatMap(at -> result(activityId, at).map(Outcome::ok))
				.switchIfEmpty(Mono.defer(() -> firstSignIn(caller, target, verdict)));
		});
	}

	private Mono<Outcome<SignInResult>> firstSignIn(Caller caller, SignInRepository.SignInTarget target,
			SignInCodes.Verdict verdict) {
		Instant now = this.clock.now();
		if (!target.session().openAt(now)) {
			return Mono.error(closed());
		}
		if (verdict == SignInCodes.Verdict.EXPIRED) {
			return Mono.error(ApiException.unprocessable("SIGN_IN_CODE_EXPIRED",
					"This code has rotated; scan the code shown now"));
		}
		long activityId = target.session().activityId();
		return this.signIns.signIn(activityId, caller.userId(), now,
				// the town-month's verified participants change (a mark of a
				// concurrent duplicate only asks for a recount that finds the same)
				this.counts.touchStep("dirty", target.townId(), BusinessClock.monthOf(target.startAt())))
			.flatMap(recorded -> recorded.inserted()
					? Mono
						.just(Outcome.created(new SignInResult(activityId, recorded.title(), recorded.verified(), now)))
					// signed in concurrently by another request of the same user
					: this.signIns.signedInAt(activityId, caller.userId())
						.flatMap(at -> result(activityId, at))
						.map(Outcome::ok));
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
