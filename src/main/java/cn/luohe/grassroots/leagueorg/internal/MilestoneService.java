package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.HostUnitProfile;
import cn.luohe.grassroots.leagueorg.api.MilestoneKind;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Milestones: what each kind is about is checked against the stored records (a league
 * school of a middle school, a term election of an organisation, a volunteer team of a
 * town, the county-level ones of a county), then written like every other record.
 */
@Service
public class MilestoneService {

	private final LeagueOrgRepository repository;

	private final LeagueScope scope;

	private final OrgDirectory orgs;

	private final CoverageCounts counts;

	private final Idempotency idempotency;

	private final FeedOutbox feed;

	private final BusinessClock clock;

	private final ContentModeration moderation;

	MilestoneService(LeagueOrgRepository repository, LeagueScope scope, OrgDirectory orgs, CoverageCounts counts,
			Idempotency idempotency, FeedOutbox feed, BusinessClock clock, ContentModeration moderation) {
		this.moderation = moderation;
		this.repository = repository;
		this.scope = scope;
		this.orgs = orgs;
		this.counts = counts;
		this.idempotency = idempotency;
		this.feed = feed;
		this.clock = clock;
	}

	/**
	 * Records a milestone. Its subject, the scope, the feed's org and the subject's name
	 * are read and judged first, outside the transaction; inside it are three statements:
	 * the idempotency key, the milestone with its audit row, feed event and the county's
	 * recount (one {@code WITH} statement), the stored answer.
	 */
	public Mono<Outcome<Milestone>> record(Caller caller, @Nullable String idempotencyKey, NewMilestone milestone) {
		String operation = "leagueorg.milestone";
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, milestone, Milestone.class,
				judge(caller, milestone), judged -> insert(caller, judged, milestone));
	}

	/**
	 * Reads and judges a milestone: its date, subject, the caller's scope, the feed's org
	 * and the subject's name.
	 */
	Mono<Judged> judge(Caller caller, NewMilestone milestone) {
		if (milestone.occurredOn().isAfter(this.clock.today())) {
			return Mono.error(ApiException.invalidField("occurredOn", "must not be in the future"));
		}
		try {
			LeagueOrgService.notBeforeTheLeague(milestone.occurredOn(), "occurredOn");
		}
		catch (ApiException ex) {
			return Mono.error(ex);
		}
		return subject(milestone).flatMap(subject -> {
			this.scope.requireMilestone(caller, subject.county(), milestone.kind(),
					(subject.unit() != null) ? subject.unit().profile() : null, true);
			// the note is shown with the milestone to everyone who reads the county's
			// milestones: it passes content security as a name does
			return place(subject).zipWith(subjectName(subject, milestone))
				.flatMap(found -> this.moderation
					.check(caller.userId(), TextScene.SOCIAL_LOG, Collections.singletonList(milestone.note()))
					.map(check -> new Judged(subject, found.getT1(), found.getT2(), check)));
		});
	}

	/** The milestone judged by {@link #judge}: one statement. */
	Mono<Outcome<Milestone>> insert(Caller caller, Judged judged, NewMilestone milestone) {
		Instant now = this.clock.now();
		Subject subject = judged.subject();
		Long unitId = (subject.unit() != null) ? subject.unit().id() : null;
		Long townId = (subject.town() != null) ? subject.town().id() : null;
		String about = milestone.kind() + " " + judged.subjectName();
		return this.repository
			.insertMilestone(milestone.kind(), subject.county().id(), townId, unitId, milestone.leagueOrgId(),
					milestone.occurredOn(), milestone.note(), caller.userId(), now,
					LeagueOrgRepository.auditStep("MILESTONE_RECORDED", caller.userId(), "m", subject.county().id(),
							about + " " + milestone.occurredOn(), now),
					this.feed.appendStep("event",
							new FeedEventDraft(FeedEventType.LEAGUE_MILESTONE_RECORDED, judged.place(), caller.userId(),
									// leaders read the feed in Chinese: 姬石中学 团校成立, not
									// the kind's code
									caller.displayName(), now, judged.subjectName() + " " + milestone.kind().title(),
									null, List.of()),
							"(SELECT id FROM m)"),
					this.counts.touchStep(subject.county().id(), milestone.occurredOn(), "m"),
					this.moderation.fileHeldStep("held", judged.check(), "league_milestone", "(SELECT id FROM m)",
							subject.county().id()))
			.switchIfEmpty(Mono.error(() -> ApiException.conflict("MILESTONE_EXISTS",
					"This " + milestone.kind() + " is already recorded")))
			.map(Outcome::created);
	}

	/**
	 * The name of what a milestone is about, as its stored answer names it: its league
	 * organisation, else its host unit, else its town, else its county-level unit.
	 */
	private Mono<String> subjectName(Subject subject, NewMilestone milestone) {
		if (milestone.leagueOrgId() != null) {
			return this.repository.findOrg(milestone.leagueOrgId()).filter(org -> org.voidedAt() == null).map(org -> {
				LeagueOrgService.requireLifetime(org, milestone.occurredOn(), "occurredOn");
				return org.name();
			})
				.switchIfEmpty(Mono
					.error(() -> ApiException.invalidField("leagueOrgId", "no league organisation has this id")));
		}
		if (subject.unit() != null) {
			return Mono.just(subject.unit().name());
		}
		return Mono.just((subject.town() != null) ? subject.town().name() : subject.county().name());
	}

	/** A county's milestones of a year the caller may read, by id. */
	public Mono<List<Milestone>> list(Caller caller, long countyId, int year, long afterId, int limit) {
		return this.scope.unitOrg(countyId, "countyId").flatMap(county -> {
			// FORBIDDEN_ROLE / FORBIDDEN_SCOPE when the caller reaches nothing there
			this.scope.readScope(caller, county);
			return this.repository
				.milestonesBetween(countyId, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31), afterId, limit + 1)
				.concatMap(m -> profile(m).map(p -> this.scope.mayRead(caller, county, m.kind(), p.orElse(null)))
					.filter(Boolean::booleanValue)
					.map(ok -> m))
				.collectList();
		});
	}

	/** Milestones of every county in a period whose subject passes {@code keep}. */
	Flux<Milestone> between(@Nullable Long countyId, LocalDate from, LocalDate to) {
		return this.repository.milestonesBetween(countyId, from, to, 0, Integer.MAX_VALUE);
	}

	Mono<java.util.Optional<HostUnitProfile>> profile(Milestone milestone) {
		if (milestone.hostUnitId() == null) {
			return Mono.just(java.util.Optional.empty());
		}
		return this.repository.findUnit(milestone.hostUnitId()).map(unit -> java.util.Optional.of(unit.profile()));
	}

	/**
	 * The feed's org of a milestone: its town, else its host unit's town, else its
	 * county-level unit.
	 */
	private Mono<Org> place(Subject subject) {
		if (subject.town() != null) {
			return Mono.just(subject.town());
		}
		if (subject.unit() != null && subject.unit().townId() != null) {
			return this.orgs.require(subject.unit().townId());
		}
		return Mono.just(subject.county());
	}

	private Mono<Subject> subject(NewMilestone milestone) {
		return switch (milestone.kind()) {
			case LEAGUE_SCHOOL_FOUNDED -> unitSubject(milestone, "hostUnitId", true);
			case ACTIVITY_ROOM_OPENED -> (milestone.hostUnitId() != null) ? unitSubject(milestone, "hostUnitId", false)
					: countySubject(milestone);
			case TERM_ELECTION_COMPLETED -> {
				if (milestone.leagueOrgId() == null) {
					yield Mono.error(ApiException.invalidField("leagueOrgId", "is required for " + milestone.kind()));
				}
				yield this.repository.findOrg(milestone.leagueOrgId())
					.switchIfEmpty(Mono
						.error(() -> ApiException.invalidField("leagueOrgId", "no league organisation has this id")))
					.flatMap(org -> this.repository.findUnit(org.hostUnitId()))
					.flatMap(unit -> inCounty(milestone, unit));
			}
			case TOWN_VOLUNTEER_TEAM_FOUNDED -> {
				if (milestone.townId() == null) {
					yield Mono.error(ApiException.invalidField("townId", "is required for " + milestone.kind()));
				}
				yield this.orgs.findById(milestone.townId())
					.filter(town -> town.level() == OrgLevel.TOWN && town.parentId() != null)
					.switchIfEmpty(Mono.error(() -> ApiException.invalidField("townId", "must be a town or street")))
					.flatMap(town -> this.orgs.require(Objects.requireNonNull(town.parentId())).flatMap(county -> {
						if (milestone.countyId() != null && milestone.countyId() != county.id()) {
							return Mono.error(ApiException.invalidField("townId", "lies in another county"));
						}
						return Mono.just(new Subject(county, town, null));
					}));
			}
			case EDUCATION_COMMITTEE_FOUNDED, COUNTY_VOLUNTEER_ASSOCIATION_FOUNDED,
					COUNTY_ENTREPRENEURSHIP_ORG_FOUNDED ->
				countySubject(milestone);
		};
	}

	private Mono<Subject> unitSubject(NewMilestone milestone, String field, boolean middleSchool) {
		if (milestone.hostUnitId() == null) {
			return Mono.error(ApiException.invalidField(field, "is required for " + milestone.kind()));
		}
		return this.repository.findUnit(milestone.hostUnitId())
			.switchIfEmpty(Mono.error(() -> ApiException.invalidField(field, "no host unit has this id")))
			.flatMap(unit -> {
				if (middleSchool ? unit.kind() != HostUnitKind.MIDDLE_SCHOOL : !unit.kind().isSchool()) {
					return Mono.error(ApiException.invalidField(field,
							"must be a " + (middleSchool ? "middle school" : "school") + " for " + milestone.kind()));
				}
				return inCounty(milestone, unit);
			});
	}

	/** The unit's county, which a county named alongside must be. */
	private Mono<Subject> inCounty(NewMilestone milestone, HostUnit unit) {
		if (milestone.countyId() != null && milestone.countyId() != unit.countyId()) {
			return Mono.error(ApiException.invalidField("hostUnitId", "lies in another county-level unit"));
		}
		return this.orgs.require(unit.countyId()).map(county -> new Subject(county, null, unit));
	}

	private Mono<Subject> countySubject(NewMilestone milestone) {
		if (milestone.countyId() == null) {
			return Mono.error(ApiException.invalidField("countyId", "is required for " + milestone.kind()));
		}
		return this.scope.unitOrg(milestone.countyId(), "countyId").flatMap(county -> {
			if (county.level() != OrgLevel.COUNTY) {
				return Mono.error(ApiException.invalidField("countyId", "must be a county-level unit"));
			}
			return Mono.just(new Subject(county, null, null));
		});
	}

	record Subject(Org county, @Nullable Org town, @Nullable HostUnit unit) {
	}

	/** A milestone's subject, the feed's org of its event and its subject's name. */
	record Judged(Subject subject, Org place, String subjectName, TextCheck check) {
	}

}
