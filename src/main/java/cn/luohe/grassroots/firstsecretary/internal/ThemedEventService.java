package cn.luohe.grassroots.firstsecretary.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Themed events: logged by a village's first branch secretary against the county's theme.
 */
@Service
public class ThemedEventService {

	private static final Set<Role> LOGGERS = Set.of(Role.FIRST_SECRETARY);

	private final ThemedEventRepository events;

	private final ThemeRepository themes;

	private final VolunteerTeamRepository teams;

	private final Access access;

	private final OrgDirectory orgs;

	private final Idempotency idempotency;

	private final ContentModeration moderation;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	private final MediaLibrary media;

	private final MonthClosure closure;

	private final RecordCorrections corrections;

	ThemedEventService(ThemedEventRepository events, ThemeRepository themes, VolunteerTeamRepository teams,
			Access access, OrgDirectory orgs, Idempotency idempotency, ContentModeration moderation,
			CountInvalidation counts, BusinessClock clock, MediaLibrary media, MonthClosure closure,
			RecordCorrections corrections) {
		this.corrections = corrections;
		this.media = media;
		this.closure = closure;
		this.events = events;
		this.themes = themes;
		this.teams = teams;
		this.access = access;
		this.orgs = orgs;
		this.idempotency = idempotency;
		this.moderation = moderation;
		this.counts = counts;
		this.clock = clock;
	}

	/**
	 * Logs a themed event. The village, its theme, team, month and the photos are read
	 * and judged first, outside the transaction; inside it are three statements: the
	 * idempotency key, the record with its photos' attachment, feed event and dirty mark
	 * (one {@code WITH} statement), the stored answer.
	 */
	public Mono<Outcome<ThemedEvent>> log(Caller caller, @Nullable String idempotencyKey, NewThemedEvent event,
			TextCheck check) {
		Mono<Placed> checks = this.access.requireOrg(caller, event.villageId(), LOGGERS).flatMap(village -> {
			if (village.level() != OrgLevel.VILLAGE) {
				return Mono.error(ApiException.unprocessable("NOT_A_VILLAGE",
						village.name() + " is a " + village.level() + ", not a village"));
			}
			return acceptable(village, event).then(this.media.requireOwned(caller.userId(), event.photoIds()))
				.then(this.orgs.lineage(village))
				.map(lineage -> {
					Org town = lineage.town();
					if (town == null) {
						throw new IllegalStateException("Village " + village.code() + " has no town");
					}
					return new Placed(village, town);
				});
		});
		return this.idempotency.transact(caller.userId(), idempotencyKey, "firstsecretary.themed-event", event,
				ThemedEvent.class, checks, placed -> write(caller, placed, event, check));
	}

	/** The village an event is logged in, and its town. */
	private record Placed(Org village, Org town) {
	}

	/**
	 * Events of the villages under a village or county-level unit in a month by when they
	 * were held, after {@code (afterHeldAt, afterId)} when given, up to {@code limit + 1}
	 * (the extra one: more follow).
	 */
	public Mono<List<ThemedEvent>> list(Caller caller, long orgId, OrgLevel expected, YearMonth month,
			@Nullable Instant afterHeldAt, long afterId, int limit) {
		return this.access.requireListable(caller, orgId, expected)
			.flatMap(org -> this.events
				.findWithin(org.path(), month, this.corrections.seesVoided(caller, org), afterHeldAt, afterId,
						limit + 1)
				.collectList());
	}

	public Mono<ThemedEvent> get(Caller caller, long id) {
		return readable(caller, id, false).map(Correctable::snapshot).cast(ThemedEvent.class);
	}

	/** Voids a themed event (author within the window, or an administrator over it). */
	@Transactional
	public Mono<VoidResult> voidEvent(Caller caller, long id, String reason) {
		return readable(caller, id, true).flatMap(event -> this.corrections.voidRecord(caller, event, reason));
	}

	/** Corrects a themed event's title, participants or summary; audited. */
	@Transactional
	public Mono<ThemedEvent> correct(Caller caller, long id, @Nullable String title, @Nullable Integer participants,
			@Nullable String summary, String reason, TextCheck check) {
		return readable(caller, id, false).flatMap(record -> {
			ThemedEvent before = (ThemedEvent) record.snapshot();
			String newTitle = (title != null) ? title : before.title();
			int newParticipants = (participants != null) ? participants : before.participants();
			String newSummary = (summary != null) ? summary : before.summary();
			Map<String, Object> after = new LinkedHashMap<>();
			after.put("title", newTitle);
			after.put("participants", newParticipants);
			after.put("summary", newSummary);
			return this.corrections.correct(caller, record, reason, after,
					this.events.correct(id, newTitle, newParticipants, newSummary));
		})
			.then(Mono.defer(() -> this.events.findById(id)))
			// a text held for review is filed for the queue in the same transaction
			.flatMap(saved -> this.moderation.fileHeld(check, "themed_event", id, saved.villageId()).thenReturn(saved));
	}

	/**
	 * A themed event for whoever sees its village; a voided one only for the village's
	 * administrators, and its author voiding it again ({@code voiding}); 404 for others.
	 */
	private Mono<Correctable> readable(Caller caller, long id, boolean voiding) {
		if (caller.bindings().isEmpty()) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.events.findById(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Themed event " + id)))
			.flatMap(event -> this.orgs.require(event.villageId()).map(village -> {
				if (!caller.sees(village)) {
					throw ApiException.forbiddenScope();
				}
				if (event.voidedAt() != null && !this.corrections.seesVoided(caller, village)
						&& !(voiding && event.loggedBy() == caller.userId())) {
					throw ApiException.notFound("Themed event " + id);
				}
				return new Correctable(RecordKind.THEMED_EVENT, event.id(), event.loggedBy(), event.createdAt(),
						village, event.title(), event.townId(), BusinessClock.monthOf(event.heldAt()),
						event.voidedAt() != null, event);
			}));
	}

	/** The theme must be the village's county's, of the month the event was held in. */
	private Mono<Void> acceptable(Org village, NewThemedEvent event) {
		return this.themes.findById(event.themeId())
			.filter(theme -> theme.voidedAt() == null)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Theme " + event.themeId())))
			.flatMap(theme -> this.orgs.require(theme.countyId()).flatMap(county -> {
				if (!county.contains(village)) {
					return Mono.error(ApiException.unprocessable("THEME_COUNTY_MISMATCH",
							"The theme is " + county.name() + "'s; " + village.name() + " lies elsewhere"));
				}
				if (!BusinessClock.monthOf(event.heldAt()).equals(theme.month())) {
					return Mono.error(ApiException.unprocessable("OUTSIDE_THEME_MONTH",
							"heldAt must lie in the theme's month " + theme.month()));
				}
				Mono<Void> open = this.closure.isClosed(county.id(), theme.month())
					.flatMap(closed -> closed ? Mono.error(RecordCorrections.monthClosed(theme.month()))
							: Mono.<Void>empty());
				if (event.volunteerTeamId() == null) {
					return open;
				}
				return open.then(this.teams.findById(event.volunteerTeamId())
					.filter(team -> team.voidedAt() == null)
					.switchIfEmpty(Mono.error(() -> ApiException.notFound("Volunteer team " + event.volunteerTeamId())))
					.flatMap(team -> (team.countyId() == county.id()) ? Mono.empty()
							: Mono.error(ApiException.unprocessable("VOLUNTEER_TEAM_COUNTY_MISMATCH",
									"The volunteer team belongs to another county-level unit"))));
			}));
	}

	private Mono<Outcome<ThemedEvent>> write(Caller caller, Placed placed, NewThemedEvent event, TextCheck check) {
		Instant now = this.clock.now();
		YearMonth month = BusinessClock.monthOf(event.heldAt());
		String eventId = "(SELECT id FROM e)";
		FeedEventDraft draft = new FeedEventDraft(FeedEventType.THEMED_EVENT_LOGGED, placed.village(), caller.userId(),
				caller.displayName(), now, event.title(), null, event.photoIds());
		return this.events
			.insert(event, placed.town().id(), month, caller.userId(), now,
					this.media.attachStep("photos", event.photoIds(), "themed_event", eventId, placed.village()),
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, draft, eventId),
					this.counts.touchStep("dirty", placed.town().id(), month))
			.map(Outcome::created);
	}

}
