package cn.luohe.grassroots.youthhome.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.dashboard.api.MonthClosure;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.media.api.MediaLibrary;
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

	private final FeedOutbox feed;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	private final MonthClosure closure;

	private final MediaLibrary media;

	private final OrgDirectory orgs;

	ActivityService(ActivityRepository activities, HomeAccess homeAccess, Idempotency idempotency, FeedOutbox feed,
			CountInvalidation counts, BusinessClock clock, MonthClosure closure, MediaLibrary media,
			OrgDirectory orgs) {
		this.closure = closure;
		this.media = media;
		this.orgs = orgs;
		this.activities = activities;
		this.homeAccess = homeAccess;
		this.idempotency = idempotency;
		this.feed = feed;
		this.counts = counts;
		this.clock = clock;
	}

	/**
	 * Logs an activity: the record, its feed event and the dirty mark of its town-month
	 * commit together with the attachment of its photos.
	 */
	@Transactional
	public Mono<Outcome<Activity>> log(Caller caller, long homeId, @Nullable String idempotencyKey,
			NewActivity activity) {
		return this.homeAccess.keepable(caller, homeId)
			.flatMap(context -> this.idempotency.run(caller.userId(), idempotencyKey, "youthhome.activity:" + homeId,
					activity, Activity.class, () -> acceptable(caller, context, activity)
						.then(Mono.defer(() -> write(caller, context, activity)))));
	}

	/**
	 * A home's activities of a month ordered by start, after
	 * {@code (afterStart, afterId)} when given, up to {@code limit + 1}: the extra one
	 * tells that another page exists.
	 */
	public Mono<List<Activity>> list(Caller caller, long homeId, YearMonth month, @Nullable Instant afterStart,
			long afterId, int limit) {
		return this.homeAccess.readable(caller, homeId)
			.flatMap(context -> this.activities.findForHome(homeId, month, afterStart, afterId, limit + 1)
				.collectList());
	}

	public Mono<Activity> get(Caller caller, long homeId, long activityId) {
		return this.homeAccess.readable(caller, homeId)
			.then(this.activities.findById(activityId))
			.filter(activity -> activity.youthHomeId() == homeId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Activity " + activityId)));
	}

	/**
	 * One activity by its own id, for whoever may read its home (403 otherwise, 404
	 * unknown).
	 */
	public Mono<Activity> get(Caller caller, long activityId) {
		return this.activities.findById(activityId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Activity " + activityId)))
			.flatMap(activity -> this.homeAccess.readable(caller, activity.youthHomeId()).thenReturn(activity));
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
					.flatMap(closed -> closed
							? Mono.error(ApiException.unprocessable("MONTH_CLOSED",
									month + " is submitted for this county; a CITY_ADMIN must reopen it first"))
							: Mono.<Void>empty());
		return open.then(this.media.requireOwned(caller.userId(), activity.photoIds()));
	}

	private Mono<Outcome<Activity>> write(Caller caller, HomeContext context, NewActivity activity) {
		Instant now = this.clock.now();
		YearMonth month = BusinessClock.monthOf(activity.startAt());
		return this.activities.insert(context.home(), activity, month, caller.userId(), now)
			.flatMap(id -> this.media.attach(activity.photoIds(), "youth_home_activity", id, context.town())
				.then(this.feed
					.append(new FeedEventDraft(FeedEventType.ACTIVITY_LOGGED, context.town(), caller.userId(),
							caller.displayName(), now, activity.title(), id, activity.photoIds()))
					.then(this.counts.touch(context.town().id(), month))
					.then(this.activities.findById(id))))
			.map(Outcome::created);
	}

}
