package cn.luohe.grassroots.firstsecretary.internal;

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
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Volunteer teams, registered per county-level unit by its administrators. */
@Service
public class VolunteerTeamService {

	private final VolunteerTeamRepository teams;

	private final CountyScope countyScope;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final RecordCorrections corrections;

	private final ContentModeration moderation;

	VolunteerTeamService(VolunteerTeamRepository teams, CountyScope countyScope, Idempotency idempotency,
			BusinessClock clock, RecordCorrections corrections, ContentModeration moderation) {
		this.corrections = corrections;
		this.moderation = moderation;
		this.teams = teams;
		this.countyScope = countyScope;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	/**
	 * Registers a team. The county and the caller's right to it are judged first, outside
	 * the transaction; inside it are three statements: the idempotency key, the team (one
	 * statement, returning its row), the stored answer.
	 */
	public Mono<Outcome<VolunteerTeam>> register(Caller caller, @Nullable String idempotencyKey,
			NewVolunteerTeam team) {
		return this.idempotency.transact(caller.userId(), idempotencyKey, "firstsecretary.volunteer-team", team,
				VolunteerTeam.class, this.countyScope.administrable(caller, team.countyId()),
				county -> this.teams.insert(team, caller.userId(), this.clock.now())
					.switchIfEmpty(Mono.error(() -> exists(team.name())))
					.map(Outcome::created));
	}

	/** A county's teams by id, up to {@code limit + 1} (the extra one: more follow). */
	public Mono<List<VolunteerTeam>> list(Caller caller, long countyId, long afterId, int limit) {
		return this.countyScope.readable(caller, countyId)
			.flatMap(county -> this.teams
				.findForCounty(countyId, this.corrections.seesVoided(caller, county), afterId, limit + 1)
				.collectList());
	}

	/** Voids a team (its author within the window, or an administrator of its county). */
	@Transactional
	public Mono<VoidResult> voidTeam(Caller caller, long id, String reason) {
		return correctable(caller, id, true).flatMap(team -> this.corrections.voidRecord(caller, team, reason));
	}

	/**
	 * Corrects a team's name or members (null: as it is); audited. Another live team of
	 * the county by that name: 409 VOLUNTEER_TEAM_EXISTS.
	 */
	@Transactional
	public Mono<VolunteerTeam> correct(Caller caller, long id, @Nullable String name, @Nullable Integer members,
			String reason, TextCheck check) {
		return correctable(caller, id, false).flatMap(record -> {
			VolunteerTeam before = (VolunteerTeam) record.snapshot();
			String newName = (name != null) ? name : before.name();
			Integer newMembers = (members != null) ? members : before.members();
			Map<String, @Nullable Object> after = new LinkedHashMap<>();
			after.put("name", newName);
			after.put("members", newMembers);
			Mono<Void> update = this.teams.correct(id, newName, newMembers)
				.onErrorMap(DuplicateKeyException.class, ex -> exists(newName))
				.switchIfEmpty(Mono.error(() -> exists(newName)))
				.then();
			return this.corrections.correct(caller, record, reason, after, update);
		})
			.then(Mono.defer(() -> this.teams.findById(id)))
			// a text held for review is filed for the queue in the same transaction
			.flatMap(
					saved -> this.moderation.fileHeld(check, "volunteer_team", id, saved.countyId()).thenReturn(saved));
	}

	private static ApiException exists(String name) {
		ApiException problem = ApiException.conflict("VOLUNTEER_TEAM_EXISTS",
				"This county already has a volunteer team named " + name);
		return problem.withArgs(name);
	}

	/**
	 * The team for whoever reads its county; a voided one for its administrators only,
	 * and for its author voiding it again ({@code voiding}: the same answer twice).
	 */
	private Mono<Correctable> correctable(Caller caller, long id, boolean voiding) {
		return this.teams.findById(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Volunteer team " + id)))
			.flatMap(team -> this.countyScope.readable(caller, team.countyId()).map(county -> {
				if (team.voidedAt() != null && !this.corrections.seesVoided(caller, county)
						&& !(voiding && team.createdBy() == caller.userId())) {
					throw ApiException.notFound("Volunteer team " + id);
				}
				return new Correctable(RecordKind.VOLUNTEER_TEAM, team.id(), team.createdBy(), team.createdAt(), county,
						team.name(), null, null, team.voidedAt() != null, team);
			}));
	}

}
