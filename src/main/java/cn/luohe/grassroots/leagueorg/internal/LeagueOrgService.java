package cn.luohe.grassroots.leagueorg.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.common.error.ApiException.FieldProblem;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.leagueorg.api.HostUnitAttributes;
import cn.luohe.grassroots.leagueorg.api.HostUnitKind;
import cn.luohe.grassroots.leagueorg.api.LeagueDomain;
import cn.luohe.grassroots.leagueorg.api.LeagueOrgType;
import cn.luohe.grassroots.leagueorg.api.ParkLevel;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Host units and league organisations: every write checks the caller's scope, validates
 * against the stored records (nothing is written on a refusal), takes an Idempotency-Key,
 * is audited, appears in the live feed and recounts its county's coverage, all in one
 * transaction (a create's checks read before it).
 */
@Service
public class LeagueOrgService {

	private final LeagueOrgRepository repository;

	private final LeagueScope scope;

	private final OrgDirectory orgs;

	private final CoverageCounts counts;

	private final Idempotency idempotency;

	private final FeedOutbox feed;

	private final BusinessClock clock;

	private final ContentModeration moderation;

	private final RecordCorrections corrections;

	LeagueOrgService(LeagueOrgRepository repository, LeagueScope scope, OrgDirectory orgs, CoverageCounts counts,
			Idempotency idempotency, FeedOutbox feed, BusinessClock clock, ContentModeration moderation,
			RecordCorrections corrections) {
		this.corrections = corrections;
		this.moderation = moderation;
		this.repository = repository;
		this.scope = scope;
		this.orgs = orgs;
		this.counts = counts;
		this.idempotency = idempotency;
		this.feed = feed;
		this.clock = clock;
	}

	// --- host units

	/**
	 * Registers a host unit. The county, scope, town and park are read and judged first,
	 * outside the transaction; inside it are three statements: the idempotency key, the
	 * unit with its audit row, feed event and the county's recount (one {@code WITH}
	 * statement), the stored answer.
	 */
	public Mono<Outcome<HostUnit>> register(Caller caller, @Nullable String idempotencyKey, NewHostUnit unit,
			TextCheck check) {
		String operation = "leagueorg.host-unit";
		Mono<UnitPlace> checks = this.scope.unitOrg(unit.countyId(), "countyId").flatMap(county -> {
			this.scope.requireRecord(caller, county, unit.attributes().profile(unit.kind()));
			checkKind(county, unit.kind());
			return checkPlace(county, unit.townId()).then(checkPark(county, unit.kind(), unit.attributes()))
				.then(feedOrg(county, unit.townId()))
				.map(place -> new UnitPlace(county, place));
		});
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, unit, HostUnit.class, checks,
				place -> insert(caller, place, unit, check));
	}

	private Mono<Outcome<HostUnit>> insert(Caller caller, UnitPlace place, NewHostUnit unit, TextCheck check) {
		Instant now = this.clock.now();
		Org county = place.county();
		String unitId = "(SELECT id FROM h)";
		FeedEventDraft event = new FeedEventDraft(FeedEventType.HOST_UNIT_REGISTERED, place.place(), caller.userId(),
				caller.displayName(), now, unit.name(), null, List.of());
		return this.repository
			.insertUnit(unit, caller.userId(), now,
					LeagueOrgRepository.auditStep("HOST_UNIT_REGISTERED", caller.userId(), "h", county.id(),
							unit.kind() + " " + unit.name(), now),
					// a name held for review waits in the moderation queue, not the feed
					this.moderation.publishStep("event", check, event, unitId),
					this.counts.touchAllStep(county.id(), "h"))
			.switchIfEmpty(Mono.error(() -> ApiException.conflict("HOST_UNIT_EXISTS",
					county.name() + " already has a host unit named " + unit.name())))
			.map(Outcome::created);
	}

	/** City admins and the unit's recorders correct its attributes (audited). */
	@Transactional
	public Mono<HostUnit> correct(Caller caller, long id, HostUnitAttributes attributes) {
		return requireUnit(id).flatMap(unit -> this.orgs.require(unit.countyId()).flatMap(county -> {
			this.scope.requireRecord(caller, county, unit.profile());
			this.scope.requireRecord(caller, county, attributes.profile(unit.kind()));
			Instant now = this.clock.now();
			return checkPark(county, unit.kind(), attributes)
				.then(this.repository.updateAttributes(id, attributes, now))
				.flatMap(saved -> this.repository
					.audit("HOST_UNIT_CORRECTED", caller.userId(), id, county.id(), attributes.toString(), now)
					.then(this.counts.touchAll(county.id()))
					.thenReturn(saved));
		}));
	}

	public Mono<HostUnit> unit(Caller caller, long id) {
		return requireUnit(id).flatMap(unit -> this.orgs.require(unit.countyId()).map(county -> {
			this.scope.requireRead(caller, county, unit.profile());
			return unit;
		}));
	}

	public Mono<List<HostUnit>> units(Caller caller, @Nullable Long countyId, @Nullable HostUnitKind kind, long afterId,
			int limit) {
		return narrowing(countyId).map(county -> this.scope.readScope(caller, county.orElse(null)))
			.flatMap(readScope -> this.repository.listUnits(readScope, countyId, kind, afterId, limit + 1)
				.collectList());
	}

	// --- league organisations

	/**
	 * Founds a league organisation. The host unit, its county, the scope and the parent
	 * are read and judged first, outside the transaction; inside it are three statements:
	 * the idempotency key, the organisation with its audit row, feed event and the
	 * county's recount (one {@code WITH} statement), the stored answer.
	 */
	public Mono<Outcome<LeagueOrg>> found(Caller caller, @Nullable String idempotencyKey, NewLeagueOrg org,
			TextCheck check) {
		String operation = "leagueorg.league-org";
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, org, LeagueOrg.class,
				judgeFounding(caller, org), place -> insert(caller, place, org, check));
	}

	/**
	 * Reads and judges a founding: the host unit, its county, the caller's scope, the
	 * date, the parent; answers where its feed event is shown.
	 */
	Mono<OrgPlace> judgeFounding(Caller caller, NewLeagueOrg org) {
		return this.repository.findUnit(org.hostUnitId())
			.switchIfEmpty(Mono.error(() -> ApiException.invalidField("hostUnitId", "no host unit has this id")))
			.flatMap(unit -> this.orgs.require(unit.countyId()).flatMap(county -> {
				this.scope.requireRecord(caller, county, unit.profile());
				notInTheFuture(org.foundedOn(), "foundedOn");
				notBeforeTheLeague(org.foundedOn(), "foundedOn");
				if (org.teacherBranch()
						&& (unit.kind().domain() != LeagueDomain.SCHOOL || org.type() != LeagueOrgType.BRANCH)) {
					throw ApiException.invalidField("teacherBranch",
							"a teachers' branch (教工团支部) is a BRANCH of a school");
				}
				return checkParent(unit, org).then(feedOrg(county, unit.townId()))
					.map(place -> new OrgPlace(county, unit, place));
			}));
	}

	/** The founding judged by {@link #judgeFounding}: one statement. */
	Mono<Outcome<LeagueOrg>> insert(Caller caller, OrgPlace place, NewLeagueOrg org, TextCheck check) {
		Instant now = this.clock.now();
		Org county = place.county();
		HostUnit unit = place.unit();
		String orgId = "(SELECT id FROM o)";
		FeedEventDraft event = new FeedEventDraft(FeedEventType.LEAGUE_ORG_FOUNDED, place.place(), caller.userId(),
				caller.displayName(), now, org.name(), null, List.of());
		return this.repository
			.insertOrg(org, unit, caller.userId(), now,
					LeagueOrgRepository.auditStep("LEAGUE_ORG_FOUNDED", caller.userId(), "o", county.id(),
							org.type() + " " + org.name() + " founded " + org.foundedOn(), now),
					// a name held for review waits in the moderation queue, not the feed
					this.moderation.publishStep("event", check, event, orgId),
					this.counts.touchStep(county.id(), org.foundedOn(), "o"))
			.switchIfEmpty(Mono.error(() -> ApiException.conflict("LEAGUE_ORG_EXISTS",
					unit.name() + " already has a league organisation named " + org.name())))
			.map(Outcome::created);
	}

	@Transactional
	public Mono<LeagueOrg> dissolve(Caller caller, long id, Dissolution dissolution, TextCheck check) {
		return requireOrg(id).flatMap(org -> this.repository.findUnit(org.hostUnitId())
			.flatMap(unit -> this.orgs.require(org.countyId()).flatMap(county -> {
				this.scope.requireRecord(caller, county, unit.profile());
				if (org.voidedAt() != null) {
					throw ApiException.unprocessable("RECORD_VOIDED", "该记录已作废，不能再更正");
				}
				notInTheFuture(dissolution.dissolvedOn(), "dissolvedOn");
				if (dissolution.dissolvedOn().isBefore(org.foundedOn())) {
					throw ApiException.invalidField("dissolvedOn", "must not be before the founding date");
				}
				Instant now = this.clock.now();
				return this.repository.dissolve(id, dissolution, now)
					.switchIfEmpty(Mono.error(
							() -> ApiException.conflict("LEAGUE_ORG_DISSOLVED", org.name() + " is already dissolved")))
					.flatMap(saved -> this.repository
						.audit("LEAGUE_ORG_DISSOLVED", caller.userId(), id, county.id(),
								saved.dissolvedOn() + ": " + dissolution.reason(), now)
						.then(feedOrg(county, unit.townId()))
						.flatMap(place -> this.feed.append(new FeedEventDraft(FeedEventType.LEAGUE_ORG_DISSOLVED, place,
								caller.userId(), caller.displayName(), now, saved.name(), saved.id(), List.of())))
						.then(this.counts.touch(county.id(), dissolution.dissolvedOn()))
						.then(this.moderation.fileHeld(check, "league_org", id, county.id()))
						.thenReturn(saved));
			})));
	}

	public Mono<LeagueOrg> org(Caller caller, long id) {
		return requireOrg(id).flatMap(org -> this.repository.findUnit(org.hostUnitId())
			.flatMap(unit -> this.orgs.require(org.countyId()).map(county -> {
				this.scope.requireRead(caller, county, unit.profile());
				// a voided organisation is answered (with voidedAt) to the
				// administrators of its scope only
				if (org.voidedAt() != null && !this.corrections.seesVoided(caller, county)) {
					throw ApiException.notFound("League organisation " + id);
				}
				return org;
			})));
	}

	/**
	 * Voids an organisation recorded by mistake, through the one correction path: its
	 * author within the amendment window or an administrator of its county (the city for
	 * 市直 units) at any time, with a reason; audited, its feed events retracted. It keeps
	 * its row and leaves every list, form and count: the county's coverage is recounted
	 * from its founding month on, in the same transaction.
	 */
	@Transactional
	public Mono<VoidResult> voidOrg(Caller caller, long id, String reason) {
		return requireOrg(id).flatMap(org -> this.orgs.require(org.countyId()).flatMap(county -> {
			if (org.voidedAt() != null && !this.corrections.seesVoided(caller, county)
					&& org.createdBy() != caller.userId()) {
				return Mono.error(ApiException.notFound("League organisation " + id));
			}
			Correctable record = new Correctable(RecordKind.LEAGUE_ORG, org.id(), org.createdBy(), org.createdAt(),
					county, org.name(), null, null, org.voidedAt() != null, org);
			return this.corrections.voidRecord(caller, record, reason)
				.flatMap(result -> this.counts.touch(county.id(), org.foundedOn()).thenReturn(result));
		}));
	}

	public Mono<List<LeagueOrg>> orgs(Caller caller, @Nullable Long countyId, @Nullable LeagueDomain domain,
			@Nullable Long hostUnitId, long afterId, int limit) {
		return narrowing(countyId).map(county -> this.scope.readScope(caller, county.orElse(null)))
			.flatMap(readScope -> this.repository.listOrgs(readScope, countyId, domain, hostUnitId, afterId, limit + 1)
				.collectList());
	}

	// --- rules

	private Mono<java.util.Optional<Org>> narrowing(@Nullable Long countyId) {
		if (countyId == null) {
			return Mono.just(java.util.Optional.empty());
		}
		return this.scope.unitOrg(countyId, "countyId").map(java.util.Optional::of);
	}

	/**
	 * A city agency is a 市直 unit and a county agency a county-level unit's: each kind
	 * only at its own level (a city agency filed in a county was counted there).
	 */
	private static void checkKind(Org county, HostUnitKind kind) {
		boolean city = county.level() == OrgLevel.CITY;
		HostUnitKind wrong = city ? HostUnitKind.COUNTY_AGENCY : HostUnitKind.CITY_AGENCY;
		if (kind == wrong) {
			EnumSet<HostUnitKind> allowed = EnumSet.allOf(HostUnitKind.class);
			allowed.remove(wrong);
			throw ApiException.invalidField("kind", "must be one of " + allowed);
		}
	}

	/**
	 * A town given must be a town of the unit's county-level unit; a 市直 unit (filed under
	 * the city) lies in no county's town, which would put it in that county's figures but
	 * out of its secretary's sight.
	 */
	private Mono<Void> checkPlace(Org county, @Nullable Long townId) {
		if (townId == null) {
			return Mono.empty();
		}
		return this.orgs.findById(townId)
			.filter(town -> town.level() == OrgLevel.TOWN && Long.valueOf(county.id()).equals(town.parentId()))
			.switchIfEmpty(Mono
				.error(() -> ApiException.invalidField("townId", "must be a town or street of " + county.name())))
			.then();
	}

	/**
	 * A park's level exactly for parks; the park a unit sits in must be a park of the
	 * same county-level unit.
	 */
	private Mono<Void> checkPark(Org county, HostUnitKind kind, HostUnitAttributes attributes) {
		boolean park = kind == HostUnitKind.INDUSTRIAL_PARK;
		if (park != (attributes.parkLevel() != null)) {
			return Mono
				.error(ApiException.invalidField("parkLevel",
						park ? "is required for an industrial park (one of "
								+ java.util.Arrays.toString(ParkLevel.values()) + ")"
								: "is only for an industrial park"));
		}
		if (attributes.parkId() == null) {
			return Mono.empty();
		}
		return this.repository.findUnit(attributes.parkId())
			.filter(found -> found.kind() == HostUnitKind.INDUSTRIAL_PARK && found.countyId() == county.id())
			.switchIfEmpty(Mono
				.error(() -> ApiException.invalidField("parkId", "must be an industrial park of " + county.name())))
			.then();
	}

	/** A parent must be an organisation of the same county-level unit. */
	private Mono<Void> checkParent(HostUnit unit, NewLeagueOrg org) {
		if (org.parentId() == null) {
			return Mono.empty();
		}
		return this.repository.findOrg(org.parentId())
			.filter(parent -> parent.countyId() == unit.countyId() && parent.voidedAt() == null)
			.switchIfEmpty(Mono.error(() -> ApiException.invalidField("parentId",
					"must be a league organisation of the same county-level unit")))
			.doOnNext(parent -> requireLifetime(parent, org.foundedOn(), "foundedOn"))
			.then();
	}

	/**
	 * A date of an organisation's life (a child's founding, a term election) lies between
	 * its founding and its dissolution: a child founded before its parent, or under a
	 * parent already dissolved, was accepted.
	 */
	static void requireLifetime(LeagueOrg org, LocalDate date, String field) {
		LocalDate dissolved = org.dissolvedOn();
		if (dissolved == null && date.isBefore(org.foundedOn())) {
			throw ApiException.invalidField(field, "must not be before the founding date");
		}
		if (dissolved != null && (date.isBefore(org.foundedOn()) || date.isAfter(dissolved))) {
			throw ApiException.invalidField(field,
					"must lie in " + org.foundedOn() + " – " + dissolved + " (" + org.name() + ")");
		}
	}

	/**
	 * The day the Socialist Youth League of China was founded (1922-05-05): no league
	 * organisation or milestone is older. 0001-01-01 was accepted and stored as
	 * 0000-12-30 (the driver's calendar), 1800-01-01 accepted as it was.
	 */
	static final LocalDate LEAGUE_FOUNDED = LocalDate.of(1922, 5, 5);

	static void notBeforeTheLeague(LocalDate date, String field) {
		if (date.isBefore(LEAGUE_FOUNDED)) {
			throw ApiException.validation(List.of(FieldProblem.of(field, "notBefore", LEAGUE_FOUNDED.toString())));
		}
	}

	private void notInTheFuture(LocalDate date, String field) {
		if (date.isAfter(this.clock.today())) {
			throw ApiException.invalidField(field, "must not be in the future");
		}
	}

	/**
	 * The feed's org of a record: its town when it has one, else its county (or city).
	 */
	private Mono<Org> feedOrg(Org county, @Nullable Long townId) {
		return (townId != null) ? this.orgs.require(townId) : Mono.just(county);
	}

	private Mono<HostUnit> requireUnit(long id) {
		return this.repository.findUnit(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Host unit " + id)));
	}

	/** A host unit's county and the feed's org of its events. */
	private record UnitPlace(Org county, Org place) {
	}

	/** A league organisation's county, host unit and the feed's org of its events. */
	record OrgPlace(Org county, HostUnit unit, Org place) {
	}

	private Mono<LeagueOrg> requireOrg(long id) {
		return this.repository.findOrg(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("League organisation " + id)));
	}

}
