package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.UserDirectory;
import cn.luohe.grassroots.identity.api.UserDirectory.UserSummary;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.org.api.OrgLineage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 走基层 visits: check-in, check-out, reads, the monthly duty and corrections. Every write
 * is one transaction holding the record, its idempotency key, its feed event and the
 * dirty mark of its town-month.
 */
@Service
public class VisitService {

	static final String RECORD_TYPE = "visit";

	/** Who may list visits at all: visitors see their own, overseers their subtree. */
	static final Set<Role> READERS = union(Role.VISITORS, Role.OVERSEERS);

	private static final int FEED_SUMMARY_LENGTH = 140;

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final VisitRepository visits;

	private final NeedRepository needs;

	private final Access access;

	private final OrgDirectory orgs;

	private final UserDirectory users;

	private final MediaLibrary media;

	private final FeedOutbox feed;

	private final CountInvalidation counts;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final JsonMapper json;

	private final VisitWeek visitWeek;

	private final DeviceTimeRule deviceTime;

	private final PlausibilityRule plausibility;

	private final Duration amendWindow;

	VisitService(VisitRepository visits, NeedRepository needs, Access access, OrgDirectory orgs, UserDirectory users,
			MediaLibrary media, FeedOutbox feed, CountInvalidation counts, Idempotency idempotency, BusinessClock clock,
			JsonMapper json, VisitProperties properties) {
		this.visits = visits;
		this.needs = needs;
		this.access = access;
		this.orgs = orgs;
		this.users = users;
		this.media = media;
		this.feed = feed;
		this.counts = counts;
		this.idempotency = idempotency;
		this.clock = clock;
		this.json = json;
		this.visitWeek = properties.visitWeek();
		this.deviceTime = properties.deviceTimeRule();
		this.plausibility = properties.plausibilityRule();
		this.amendWindow = properties.amendWindow();
	}

	// --- check-in and check-out ---

	@Transactional
	public Mono<Outcome<VisitDetails>> checkIn(Caller caller, CheckInCommand command, @Nullable String key) {
		return target(caller, command.visitedOrgId(), Role.VISITORS)
			.flatMap(target -> this.idempotency.run(caller.userId(), key, "visit.check-in", command, VisitDetails.class,
					() -> recordCheckIn(caller, target, command)));
	}

	private Mono<Outcome<VisitDetails>> recordCheckIn(Caller caller, Target target, CheckInCommand command) {
		Instant now = now();
		DeviceTimeRule.Judgement time = this.deviceTime.judge(command.occurredAt(), now);
		Instant at = time.effectiveAt();
		LocalDate date = BusinessClock.dateOf(at);
		boolean inVisitWeek = this.visitWeek.contains(date);
		Org org = target.org();
		List<Long> photos = command.photoIds();
		return this.media.requireOwned(caller.userId(), photos)
			.then(this.visits.surroundings(caller.userId(), at, org.id()))
			.flatMap(known -> {
				Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
				flags.addAll(time.flags());
				flags.addAll(this.plausibility.checkIn(command.location(), at, known.previous(), known.orgLocation()));
				if (!inVisitWeek) {
					flags.add(VisitFlag.OUTSIDE_VISIT_WEEK);
				}
				return this.visits.insert(
						new VisitRepository.NewVisit(caller.userId(), org.id(), target.townId(), command.occurredAt(),
								now, at, date.withDayOfMonth(1), BusinessClock.startOfDay(date.plusDays(1)),
								inVisitWeek, flags, command.location(), command.note(), photos),
						now);
			})
			.flatMap(visit -> this.media.attach(photos, RECORD_TYPE, visit.id(), org)
				.then(this.feed.append(new FeedEventDraft(FeedEventType.VISIT_CHECKED_IN, org, caller.userId(),
						caller.displayName(), at, feedSummary(command.note(), org), visit.id(), photos)))
				.then(this.counts.touchVisit(target.townId(), YearMonth.from(date), caller.userId()))
				// the stored row, its visitor (the caller)
				// and no needs yet: what a read returns
				.then(Mono.fromSupplier(() -> Outcome
					.created(details(visit, new Person(caller.userId(), caller.displayName()), null, now)))));
	}

	@Transactional
	public Mono<Outcome<VisitDetails>> checkOut(Caller caller, long visitId, CheckOutCommand command,
			@Nullable String key) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.flatMap(visit -> {
				if (visit.userId() != caller.userId()) {
					return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE",
							"Only the visitor checks out their own visit"));
				}
				return this.idempotency.run(caller.userId(), key, "visit.check-out:" + visitId, command,
						VisitDetails.class, () -> recordCheckOut(caller, visit, command));
			});
	}

	private Mono<Outcome<VisitDetails>> recordCheckOut(Caller caller, VisitRow visit, CheckOutCommand command) {
		Instant now = now();
		DeviceTimeRule.Judgement time = this.deviceTime.judge(command.occurredAt(), now);
		Instant at = time.effectiveAt();
		// a check-out whose device time lies within the visit's day completes it even
		// when synced after the day ended (offline); otherwise the day's end closed it
		if (visit.status() == VisitStatus.COMPLETED || !at.isBefore(visit.dayEnd())) {
			return Mono.error(notInProgress(visit, now));
		}
		if (at.isBefore(visit.effectiveAt())) {
			return Mono.error(ApiException.unprocessable("CHECK_OUT_BEFORE_CHECK_IN",
					"The check-out's time lies before the check-in's"));
		}
		return optional(this.visits.orgLocation(visit.org().id())).flatMap(target -> {
			Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
			flags.addAll(visit.flags());
			flags.addAll(time.flags());
			flags.addAll(this.plausibility.checkOut(command.location(), target.orElse(null)));
			return this.visits.complete(visit.id(), command, flags, at, now)
				.switchIfEmpty(Mono.error(() -> notInProgress(visit, now)));
		}).flatMap(completed -> {
			String summary = (command.summary() != null) ? command.summary() : visit.note();
			return this.needs.insertAll(completed, caller.userId(), command.needs(), now)
				.collectList()
				.flatMap(heard -> this.feed
					.append(new FeedEventDraft(FeedEventType.VISIT_COMPLETED, completed.org(), caller.userId(),
							caller.displayName(), at, feedSummary(summary, completed.org()), completed.id(),
							completed.photoIds()))
					.then(this.counts.touchVisit(completed.townId(), completed.yearMonth(), caller.userId()))
					// the stored row, its visitor (the caller) and the needs heard:
					// what a read returns
					.then(Mono.fromSupplier(() -> Outcome
						.ok(details(completed, new Person(caller.userId(), caller.displayName()), heard, now)))));
		});
	}

	private static ApiException notInProgress(VisitRow visit, Instant now) {
		return ApiException.conflict("VISIT_NOT_IN_PROGRESS",
				"The visit is " + visit.statusAt(now) + " and can no longer be checked out");
	}

	// --- reads ---

	/** The visitor, or an overseer covering the visited org. */
	public Mono<VisitDetails> get(Caller caller, long visitId) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.doOnNext(visit -> requireReadable(caller, visit))
			.flatMap(visit -> compose(List.of(visit)))
			.map(List::getFirst);
	}

	public Mono<Page<VisitDetails>> list(Caller caller, @Nullable YearMonth month, @Nullable Long orgId,
			@Nullable Long userId, @Nullable VisitStatus status, int limit, @Nullable String cursor) {
		return Mono.defer(() -> {
			if (!caller.hasAnyRole(READERS)) {
				return Mono.error(ApiException.forbiddenRole());
			}
			InstantCursor after = InstantCursor.decode(cursor);
			return orgPrefix(caller,
					orgId)
				.flatMap(
						prefix -> this.visits
							.list(caller.userId(), overseenPrefixes(caller),
									new VisitRepository.VisitFilter(month, prefix.orElse(null), userId, status, after),
									now(), limit + 1)
							.collectList())
				.flatMap(rows -> {
					Page<VisitRow> page = Page.of(rows, limit,
							row -> new InstantCursor(row.effectiveAt(), row.id()).encode());
					return compose(page.items()).map(items -> new Page<>(items, page.nextCursor()));
				});
		});
	}

	/**
	 * The chase list: every holder of a visiting role at or under {@code orgId}, whether
	 * their month's duty is done, not-yet first.
	 */
	public Mono<Page<ComplianceItem>> compliance(Caller caller, long orgId, @Nullable YearMonth month, int limit,
			@Nullable String cursor) {
		YearMonth judged = (month != null) ? month : this.clock.currentMonth();
		return Mono.defer(() -> {
			ComplianceItem after = ComplianceItem.decode(cursor);
			return this.access.requireOrg(caller, orgId, Role.OVERSEERS)
				.flatMap(org -> this.users.holdersWithin(org, Role.VISITORS).collectList())
				.flatMap(holders -> this.visits
					.completedInVisitWeek(holders.stream().map(UserSummary::id).toList(), judged)
					.map(done -> holders.stream().map(holder -> {
						long count = done.getOrDefault(holder.id(), 0L);
						return new ComplianceItem(holder.id(), holder.displayName(), count > 0, count);
					})
						.filter(item -> after == null || ComplianceItem.ORDER.compare(item, after) > 0)
						.sorted(ComplianceItem.ORDER)
						.limit(limit + 1L)
						.toList()))
				.map(items -> Page.of(items, limit, ComplianceItem::encode));
		});
	}

	// --- corrections ---

	/**
	 * The visitor within the amend window, or an administrator covering the visit's org
	 * at any time with a reason. Every change is audited.
	 */
	@Transactional
	public Mono<VisitDetails> amend(Caller caller, long visitId, AmendCommand command) {
		Instant now = now();
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.flatMap(visit -> {
				boolean own = visit.userId() == caller.userId();
				boolean inWindow = own && now.isBefore(visit.receivedAt().plus(this.amendWindow));
				boolean administrator = !caller.bindingsCovering(visit.org(), Role.ADMINISTRATORS).isEmpty();
				if (!inWindow && !administrator) {
					if (own) {
						return Mono
							.error(ApiException.unprocessable("AMEND_WINDOW_CLOSED", "A visitor may amend a visit for "
									+ this.amendWindow.toHours() + " h after check-in; ask a secretary to correct it"));
					}
					return Mono.error(caller.hasAnyRole(Role.ADMINISTRATORS) ? ApiException.forbiddenScope()
							: ApiException.forbiddenRole());
				}
				String reason = blankToNull(command.reason());
				if (!inWindow && reason == null) {
					return Mono.error(
							ApiException.invalidField("reason", "is required when an administrator corrects a visit"));
				}
				Set<Role> targetRoles = inWindow ? Role.VISITORS : Role.ADMINISTRATORS;
				Long newOrgId = command.visitedOrgId();
				Mono<Target> target = (newOrgId == null || newOrgId == visit.org().id())
						? Mono.just(new Target(visit.org(), visit.townId())) : target(caller, newOrgId, targetRoles);
				List<Long> photos = (command.photoIds() != null) ? command.photoIds() : visit.photoIds();
				Mono<Void> photoCheck = (command.photoIds() != null) ? this.media.requireOwned(visit.userId(), photos)
						: Mono.empty();
				String note = (command.note() != null) ? blankToNull(command.note()) : visit.note();
				return target.flatMap(newTarget -> photoCheck
					.then(applyAmendment(caller, visit, newTarget, note, photos, reason, now)));
			});
	}

	private Mono<VisitDetails> applyAmendment(Caller caller, VisitRow visit, Target target, @Nullable String note,
			List<Long> photos, @Nullable String reason, Instant now) {
		return Mono.defer(() -> {
			Map<String, Object> before = new LinkedHashMap<>();
			Map<String, Object> after = new LinkedHashMap<>();
			if (!Objects.equals(note, visit.note())) {
				before.put("note", visit.note());
				after.put("note", note);
			}
			boolean moved = target.org().id() != visit.org().id();
			if (moved) {
				before.put("visitedOrgId", visit.org().id());
				before.put("visitedOrgName", visit.org().name());
				after.put("visitedOrgId", target.org().id());
				after.put("visitedOrgName", target.org().name());
			}
			boolean photosChanged = !photos.equals(visit.photoIds());
			if (photosChanged) {
				before.put("photoIds", visit.photoIds());
				after.put("photoIds", photos);
			}
			if (before.isEmpty()) {
				return load(visit.id());
			}
			Mono<Void> writes = this.visits.amend(visit.id(), note, target.org().id(), target.townId(), photos, now)
				.then(this.visits.insertChange(visit.id(), caller.userId(), now, reason,
						this.json.writeValueAsString(before), this.json.writeValueAsString(after)));
			if (moved) {
				writes = writes.then(this.needs.moveToOrg(visit.id(), target.org().id(), target.townId()))
					.then(this.counts.touch(visit.townId(), visit.yearMonth()))
					.then(this.counts.touch(target.townId(), visit.yearMonth()));
			}
			if (moved || photosChanged) {
				writes = writes.then(this.media.replaceAttachments(photos, RECORD_TYPE, visit.id(), target.org()));
			}
			return writes.then(load(visit.id()));
		});
	}

	/** The audit trail of a visit, oldest first, for whoever may read the visit. */
	public Mono<List<VisitChange>> changes(Caller caller, long visitId) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.doOnNext(visit -> requireReadable(caller, visit))
			.flatMap(visit -> this.visits.changes(visitId).collectList())
			.flatMap(rows -> names(rows.stream().map(VisitRepository.ChangeRow::changedBy).toList()).map(names -> rows
				.stream()
				.map(row -> new VisitChange(row.id(), person(row.changedBy(), names), row.changedAt(), row.reason(),
						this.json.readValue(row.before(), JSON_OBJECT), this.json.readValue(row.after(), JSON_OBJECT)))
				.toList()));
	}

	// --- helpers ---

	private void requireReadable(Caller caller, VisitRow visit) {
		if (visit.userId() != caller.userId()) {
			this.access.require(caller, visit.org(), Role.OVERSEERS);
		}
	}

	/**
	 * The org of {@code orgId} as a visit's target, checked as {@code Access.requireOrg}
	 * checks (role, then existence, then scope) but read with its town in one statement.
	 */
	private Mono<Target> target(Caller caller, long orgId, Set<Role> roles) {
		if (!caller.hasAnyRole(roles)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.orgs.requireLineage(orgId)
			.doOnNext(lineage -> this.access.require(caller, lineage.org(), roles))
			.flatMap(VisitService::visitable);
	}

	/** A town or village with its town: the only orgs one visits. */
	private static Mono<Target> visitable(OrgLineage lineage) {
		Org org = lineage.org();
		Org town = lineage.town();
		if ((org.level() != OrgLevel.TOWN && org.level() != OrgLevel.VILLAGE) || town == null) {
			return Mono.error(invalidTarget());
		}
		return Mono.just(new Target(org, town.id()));
	}

	private static ApiException invalidTarget() {
		return ApiException.unprocessable("INVALID_VISIT_TARGET",
				"Visits go to a town or a village; a county or the city is not a visit target");
	}

	/**
	 * The LIKE prefix of {@code orgId}'s subtree, checked to lie in the caller's scope.
	 */
	private Mono<Optional<String>> orgPrefix(Caller caller, @Nullable Long orgId) {
		if (orgId == null) {
			return Mono.just(Optional.empty());
		}
		return this.orgs.require(orgId).map(org -> {
			if (caller.bindingsCovering(org, READERS).isEmpty()) {
				throw ApiException.forbiddenScope();
			}
			return Optional.of(Params.likePrefix(org.path()));
		});
	}

	static List<String> overseenPrefixes(Caller caller) {
		return caller.bindings()
			.stream()
			.filter(binding -> Role.OVERSEERS.contains(binding.role()))
			.map(binding -> Params.likePrefix(binding.org().path()))
			.distinct()
			.toList();
	}

	private Mono<VisitDetails> load(long visitId) {
		return this.visits.find(visitId).flatMap(visit -> compose(List.of(visit))).map(List::getFirst);
	}

	/** Visits with their visitors' names and their needs, in the given order. */
	private Mono<List<VisitDetails>> compose(List<VisitRow> rows) {
		if (rows.isEmpty()) {
			return Mono.just(List.of());
		}
		Instant now = now();
		return names(rows.stream().map(VisitRow::userId).toList())
			.flatMap(names -> this.needs.forVisits(rows.stream().map(VisitRow::id).toList())
				.collectMultimap(NeedRow::visitId)
				.map(needsByVisit -> rows.stream()
					.map(row -> details(row, person(row.userId(), names), needsByVisit.get(row.id()), now))
					.toList()));
	}

	private static VisitDetails details(VisitRow row, Person visitor, @Nullable Collection<NeedRow> needs,
			Instant now) {
		VisitDetails.CheckOut checkOut = (row.checkedOutAt() != null && row.checkOut() != null)
				? new VisitDetails.CheckOut(row.checkedOutAt(), row.checkOutOccurredAt(), row.checkOut(),
						Objects.requireNonNullElse(row.peopleMet(), 0), row.resolved(), row.summary())
				: null;
		List<VisitDetails.NeedBrief> heard = (needs != null)
				? needs.stream().map(n -> new VisitDetails.NeedBrief(n.id(), n.text(), n.status())).toList()
				: List.of();
		return new VisitDetails(row.id(), row.statusAt(now), row.inVisitWeek(), row.flags(), visitor, row.org().id(),
				row.org().name(), row.townId(), row.yearMonth().toString(), row.occurredAt(), row.receivedAt(),
				row.dayEnd(), row.checkIn(), row.note(), row.photoIds(), checkOut, heard);
	}

	private Mono<Map<Long, String>> names(Collection<Long> userIds) {
		return this.users.findAll(new LinkedHashSet<>(userIds)).collectMap(UserSummary::id, UserSummary::displayName);
	}

	private static Person person(long userId, Map<Long, String> names) {
		return new Person(userId, names.getOrDefault(userId, ""));
	}

	private Instant now() {
		// PostgreSQL keeps microseconds: answers must equal what a later read returns
		return this.clock.now().truncatedTo(ChronoUnit.MICROS);
	}

	private static String feedSummary(@Nullable String text, Org org) {
		String summary = (text != null && !text.isBlank()) ? text.strip() : org.name();
		return (summary.length() <= FEED_SUMMARY_LENGTH) ? summary
				: summary.substring(0, FEED_SUMMARY_LENGTH - 1) + "…";
	}

	private static <T> Mono<Optional<T>> optional(Mono<T> value) {
		return value.map(Optional::of).defaultIfEmpty(Optional.empty());
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static Set<Role> union(Set<Role> a, Set<Role> b) {
		Set<Role> all = EnumSet.noneOf(Role.class);
		all.addAll(a);
		all.addAll(b);
		return Set.copyOf(all);
	}

	/** A visit target: the org and its town (whose month counts are touched). */
	private record Target(Org org, long townId) {
	}

}
