package cn.luohe.grassroots.youthhome.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.dashboard.api.MonthClosure;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.youthhome.internal.HomeAccess.HomeContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Activities of Youth Homes: logged by the home's manager, listed per home and month. */
@Service
public class ActivityService {

	/** How far ahead an activity may be logged (announced). */
	static final Duration MAX_AHEAD = Duration.ofHours(72);

	private final ActivityRepository activities;

	private final HomeAccess homeAccess;

	private final Idempotency idempotency;

	private final ContentModeration moderation;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	private final MonthClosure closure;

	private final MediaLibrary media;

	private final OrgDirectory orgs;

	private final RecordCorrections corrections;

	ActivityService(ActivityRepository activities, HomeAccess homeAccess, Idempotency idempotency,
			ContentModeration moderation, CountInvalidation counts, BusinessClock clock, MonthClosure closure,
			MediaLibrary media, OrgDirectory orgs, RecordCorrections corrections) {
		this.corrections = corrections;
		this.closure = closure;
		this.media = media;
		this.orgs = orgs;
		this.activities = activities;
		this.homeAccess = homeAccess;
		this.idempotency = idempotency;
		this.moderation = moderation;
		this.counts = counts;
		this.clock = clock;
	}

	/**
	 * Logs an activity. The home, the rules and the photos are read and judged first,
	 * outside the transaction; inside it are three statements: the idempotency key, the
	 * record with its photos' attachment, feed event and dirty mark (one {@code WITH}
	 * statement), the stored answer.
	 */
	public Mono<Outcome<Activity>> log(Caller caller, long homeId, @Nullable String idempotencyKey,
			NewActivity activity, TextCheck check) {
		String operation = "youthhome.activity:" + homeId;
		Mono<HomeContext> checks = this.homeAccess.keepable(caller, homeId)
			.flatMap(context -> acceptable(caller, context, activity).thenReturn(context));
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, activity, Activity.class, checks,
				context -> write(caller, context, activity, check));
	}

	/**
	 * A home's activities of a month ordered by start, after
	 * {@code (afterStart, afterId)} when given, up to {@code limit + 1}: the extra one
	 * tells that another page exists.
	 */
	public Mono<List<Activity>> list(Caller caller, long homeId, YearMonth month, @Nullable Instant afterStart,
			long afterId, int limit) {
		return this.homeAccess.readable(caller, homeId)
			.flatMap(context -> this.activities
				.findForHome(homeId, month, this.corrections.seesVoided(caller, context.town()), afterStart, afterId,
						limit + 1)
				.collectList());
	}

	public Mono<Activity> get(Caller caller, long homeId, long activityId) {
		return get(caller, activityId).filter(activity -> activity.youthHomeId() == homeId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Activity " + activityId)));
	}

	/**
	 * One activity for whoever sees its home's town; a voided one only for the
	 * administrators of the town (404 for everyone else).
	 */
	public Mono<Activity> get(Caller caller, long activityId) {
		return readable(caller, activityId, false).map(ActivityInContext::activity);
	}

	/** Voids an activity (author within the window, or an administrator of its town). */
	@Transactional
	public Mono<VoidResult> voidActivity(Caller caller, long activityId, String reason) {
		return readable(caller, activityId, true)
			.flatMap(found -> this.corrections.voidRecord(caller, correctable(found), reason));
	}

	/** Corrects an activity's title, headcount or description; audited. */
	@Transactional
	public Mono<Activity> correct(Caller caller, long activityId, ActivityCorrection correction, TextCheck check) {
		return readable(caller, activityId, false).flatMap(found -> {
			Activity before = found.activity();
			String title = (correction.title() != null) ? correction.title() : before.title();
			int participants = (correction.participants() != null) ? correction.participants()
					: before.declaredParticipants();
			String description = (correction.description() != null) ? correction.description() : before.description();
			Map<String, Object> after = new LinkedHashMap<>();
			after.put("title", title);
			after.put("declaredParticipants", participants);
			after.put("description", description);
			return this.corrections.correct(caller, correctable(found), correction.reason(), after,
					this.activities.correct(activityId, title, participants, description));
		})
			.then(Mono.defer(() -> this.activities.findById(activityId)))
			// a text held for review is filed for the queue in the same transaction
			.flatMap(
					saved -> this.moderation.fileHeld(check, "activity", activityId, saved.townId()).thenReturn(saved));
	}

	/**
	 * The activity for whoever sees its town; a voided one for its administrators only,
	 * and for its author voiding it again ({@code voiding}: the same answer twice).
	 */
	private Mono<ActivityInContext> readable(Caller caller, long activityId, boolean voiding) {
		return this.activities.findById(activityId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Activity " + activityId)))
			.flatMap(activity -> this.homeAccess.readable(caller, activity.youthHomeId()).map(context -> {
				if (activity.voidedAt() != null && !this.corrections.seesVoided(caller, context.town())
						&& !(voiding && activity.loggedBy() == caller.userId())) {
					throw ApiException.notFound("Activity " + activityId);
				}
				return new ActivityInContext(activity, context.town());
			}));
	}

	private static Correctable correctable(ActivityInContext found) {
		Activity activity = found.activity();
		return new Correctable(RecordKind.ACTIVITY, activity.id(), activity.loggedBy(), activity.createdAt(),
				found.town(), activity.title(), activity.townId(), BusinessClock.monthOf(activity.startAt()),
				activity.voidedAt() != null, activity);
	}

	/** An activity with its home's town. */
	private record ActivityInContext(Activity activity, Org town) {
	}

	/**
	 * The rules a new activity must meet, all judged before anything is written; each
	 * further rule (such as a closed month) is one more step here.
	 */
	private Mono<Void> acceptable(Caller caller, HomeContext context, NewActivity activity) {
		if (!context.home().active()) {
			return Mono.error(ApiException.unprocessable("YOUTH_HOME_DELISTED",
					context.home().name() + " is delisted and takes no new activities"));
		}
		if (activity.startAt().isAfter(this.clock.now().plus(MAX_AHEAD))) {
			return Mono.error(ApiException.unprocessable("ACTIVITY_TOO_FAR_AHEAD",
					"An activity may start at most " + MAX_AHEAD.toHours() + " hours from now"));
		}
		YearMonth month = BusinessClock.monthOf(activity.startAt());
		String countyCode = context.town().ancestorCode(OrgLevel.COUNTY);
		Mono<Void> open = (countyCode == null) ? Mono.empty()
				: this.orgs.findByCode(countyCode)
					.flatMap(county -> this.closure.isClosed(county.id(), month))
					.flatMap(closed -> closed ? Mono.error(RecordCorrections.monthClosed(month)) : Mono.<Void>empty());
		return open.then(this.media.requireOwned(caller.userId(), activity.photoIds()));
	}

	private Mono<Outcome<Activity>> write(Caller caller, HomeContext context, NewActivity activity, TextCheck check) {
		Instant now = this.clock.now();
		YearMonth month = BusinessClock.monthOf(activity.startAt());
		String activityId = "(SELECT id FROM a)";
		FeedEventDraft event = new FeedEventDraft(FeedEventType.ACTIVITY_LOGGED, context.town(), caller.userId(),
				caller.displayName(), now, activity.title(), null, activity.photoIds());
		return this.activities
			.insert(context.home(), activity, month, caller.userId(), now,
					this.media.attachStep("photos", activity.photoIds(), "youth_home_activity", activityId,
							context.town()),
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, event, activityId),
					this.counts.touchStep("dirty", context.town().id(), month))
			.map(Outcome::created);
	}

}
