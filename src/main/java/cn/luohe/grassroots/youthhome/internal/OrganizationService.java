package cn.luohe.grassroots.youthhome.internal;

import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

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

	OrganizationService(OrganizationRepository organizations, HomeAccess homeAccess, Idempotency idempotency,
			BusinessClock clock, RecordCorrections corrections) {
		this.corrections = corrections;
		this.organizations = organizations;
		this.homeAccess = homeAccess;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	@Transactional
	public Mono<Outcome<YouthOrganization>> register(Caller caller, long homeId, @Nullable String idempotencyKey,
			NewYouthOrganization organization) {
		return this.homeAccess.keepable(caller, homeId)
			.flatMap(context -> this.idempotency.run(caller.userId(), idempotencyKey,
					"youthhome.organization:" + homeId, organization, YouthOrganization.class, () -> {
						if (!context.home().active()) {
							return Mono.error(ApiException.unprocessable("YOUTH_HOME_DELISTED",
									context.home().name() + " is delisted and takes no new organizations"));
						}
						if (organization.foundedOn().isAfter(this.clock.today())) {
							return Mono
								.error(ApiException.unprocessable("FOUNDED_IN_FUTURE", "foundedOn lies in the future"));
						}
						return this.organizations.insert(homeId, organization, caller.userId(), this.clock.now())
							.switchIfEmpty(Mono.error(() -> ApiException.conflict("YOUTH_ORGANIZATION_EXISTS",
									context.home().name() + " already has an organization named "
											+ organization.name())))
							.map(Outcome::created);
					}));
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
		return this.organizations.findById(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Youth organization " + id)))
			.flatMap(organization -> this.homeAccess.readable(caller, organization.youthHomeId()).flatMap(context -> {
				// a voided organization: its administrators, or its author voiding it
				// again
				if (organization.voidedAt() != null && !this.corrections.seesVoided(caller, context.town())
						&& organization.createdBy() != caller.userId()) {
					return Mono.error(ApiException.notFound("Youth organization " + id));
				}
				return this.corrections.voidRecord(caller,
						new Correctable(RecordKind.YOUTH_ORGANIZATION, organization.id(), organization.createdBy(),
								organization.createdAt(), context.town(), organization.name(), null, null,
								organization.voidedAt() != null, organization),
						reason);
			}));
	}

}
