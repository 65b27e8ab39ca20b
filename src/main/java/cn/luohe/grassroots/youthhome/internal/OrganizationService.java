package cn.luohe.grassroots.youthhome.internal;

import java.time.LocalDate;
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

/** Youth organizations incubated by a home (target: at least two per home). */
@Service
public class OrganizationService {

	private final OrganizationRepository organizations;

	private final HomeAccess homeAccess;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final RecordCorrections corrections;

	private final ContentModeration moderation;

	OrganizationService(ContentModeration moderation, OrganizationRepository organizations, HomeAccess homeAccess,
			Idempotency idempotency, BusinessClock clock, RecordCorrections corrections) {
		this.moderation = moderation;
		this.corrections = corrections;
		this.organizations = organizations;
		this.homeAccess = homeAccess;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	/**
	 * Registers an organization. The home, the caller's right to keep it and the founding
	 * date are judged first, outside the transaction; inside it are three statements: the
	 * idempotency key, the organization (returning its row; a name held for review is
	 * filed for the moderation queue in the same statement), the stored answer.
	 */
	public Mono<Outcome<YouthOrganization>> register(Caller caller, long homeId, @Nullable String idempotencyKey,
			NewYouthOrganization organization, TextCheck check) {
		String operation = "youthhome.organization:" + homeId;
		Mono<HomeAccess.HomeContext> checks = this.homeAccess.keepable(caller, homeId).flatMap(context -> {
			if (!context.home().active()) {
				return Mono.error(ApiException.unprocessable("YOUTH_HOME_DELISTED",
						context.home().name() + " is delisted and takes no new organizations"));
			}
			if (organization.foundedOn().isAfter(this.clock.today())) {
				return Mono.error(foundedInFuture());
			}
			return Mono.just(context);
		});
		return this.idempotency.transact(caller.userId(), idempotencyKey, operation, organization,
				YouthOrganization.class, checks, context -> this.organizations
					.insert(homeId, organization, caller.userId(), this.clock.now(),
							// a name under review is kept and shown to an admin for a
							// decision
							this.moderation.fileHeldStep("held", check, "youth_organization", "(SELECT id FROM o)",
									context.town().id()))
					.switchIfEmpty(Mono.error(() -> exists(organization.name())))
					.map(Outcome::created));
	}

	/**
	 * A home's organizations by id, up to {@code limit + 1} (the extra one: more follow).
	 */
	public Mono<List<YouthOrganization>> list(Caller caller, long homeId, long afterId, int limit) {
		return this.homeAccess.readable(caller, homeId)
			.flatMap(context -> this.organizations
				.findForHome(homeId, this.corrections.seesVoided(caller, context.town()), afterId, limit + 1)
				.collectList());
	}

	/** Voids an organization (its author within the window, or an administrator). */
	@Transactional
	public Mono<VoidResult> voidOrganization(Caller caller, long id, String reason) {
		return correctable(caller, id, true)
			.flatMap(organization -> this.corrections.voidRecord(caller, organization, reason));
	}

	/**
	 * Corrects an organization's name, type or founding date (null: as it is); audited.
	 * Another live organization of the home by that name: 409 YOUTH_ORGANIZATION_EXISTS.
	 */
	@Transactional
	public Mono<YouthOrganization> correct(Caller caller, long id, @Nullable String name,
			@Nullable OrganizationType type, @Nullable LocalDate foundedOn, String reason, TextCheck check) {
		return correctable(caller, id, false).flatMap(record -> {
			YouthOrganization before = (YouthOrganization) record.snapshot();
			String newName = (name != null) ? name : before.name();
			OrganizationType newType = (type != null) ? type : before.type();
			LocalDate newFoundedOn = (foundedOn != null) ? foundedOn : before.foundedOn();
			Map<String, Object> after = new LinkedHashMap<>();
			after.put("name", newName);
			after.put("type", newType.name());
			after.put("foundedOn", newFoundedOn.toString());
			Mono<Void> update = newFoundedOn.isAfter(this.clock.today()) ? Mono.error(foundedInFuture())
					: this.organizations.correct(id, newName, newType, newFoundedOn)
						.onErrorMap(DuplicateKeyException.class, ex -> exists(newName))
						.switchIfEmpty(Mono.error(() -> exists(newName)))
						.then();
			return this.corrections.correct(caller, record, reason, after, update)
				.then(this.moderation.fileHeld(check, "youth_organization", id, record.org().id()));
		}).then(Mono.defer(() -> this.organizations.findById(id)));
	}

	private static ApiException foundedInFuture() {
		return ApiException.unprocessable("FOUNDED_IN_FUTURE", "foundedOn lies in the future");
	}

	private static ApiException exists(String name) {
		ApiException problem = ApiException.conflict("YOUTH_ORGANIZATION_EXISTS",
				"The youth home already has an organization named " + name);
		return problem.withArgs(name);
	}

	/**
	 * The organization for whoever reads its home; a voided one for its administrators
	 * only, and for its author voiding it again ({@code voiding}: the same answer twice).
	 */
	private Mono<Correctable> correctable(Caller caller, long id, boolean voiding) {
		return this.organizations.findById(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Youth organization " + id)))
			.flatMap(organization -> this.homeAccess.readable(caller, organization.youthHomeId()).map(context -> {
				if (organization.voidedAt() != null && !this.corrections.seesVoided(caller, context.town())
						&& !(voiding && organization.createdBy() == caller.userId())) {
					throw ApiException.notFound("Youth organization " + id);
				}
				return new Correctable(RecordKind.YOUTH_ORGANIZATION, organization.id(), organization.createdBy(),
						organization.createdAt(), context.town(), organization.name(), null, null,
						organization.voidedAt() != null, organization);
			}));
	}

}
