package cn.luohe.grassroots.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.BindableHomes;
import cn.luohe.grassroots.identity.api.BindableHomes.BindableHome;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Invitation codes: created by admins and secretaries for a role inside their own scope,
 * redeemed by any other signed-in user (never by their creator) for the binding they
 * carry.
 */
@Service
public class InvitationService {

	/** Roles that may invite at all; which roles each may hand out is Role.mayGrant. */
	static final Set<Role> INVITERS = EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER, Role.COUNTY_SECRETARY);

	/** A fresh code colliding with a stored hash is a 2^-60 event; retrying is enough. */
	private static final int CODE_ATTEMPTS = 3;

	private final InvitationRepository invitations;

	private final UserRepository users;

	private final AccessService access;

	private final IdentityService identity;

	private final OrgDirectory orgs;

	private final BindableHomes homes;

	private final RedemptionLimiter limiter;

	private final AuditLog audit;

	private final BusinessClock clock;

	private final TransactionalOperator tx;

	private final BindingChanges bindingChanges;

	InvitationService(InvitationRepository invitations, UserRepository users, AccessService access,
			IdentityService identity, OrgDirectory orgs, BindableHomes homes, RedemptionLimiter limiter, AuditLog audit,
			BusinessClock clock, TransactionalOperator tx, BindingChanges bindingChanges) {
		this.bindingChanges = bindingChanges;
		this.invitations = invitations;
		this.users = users;
		this.access = access;
		this.identity = identity;
		this.orgs = orgs;
		this.homes = homes;
		this.limiter = limiter;
		this.audit = audit;
		this.clock = clock;
		this.tx = tx;
	}

	/**
	 * Creates an invitation for {@code role} at {@code orgId} or, for YOUTH_HOME_MANAGER,
	 * at the youth home {@code youthHomeId} (exactly one of them is given).
	 */
	public Mono<Created> create(Caller caller, Role role, @Nullable Long orgId, @Nullable Long youthHomeId, int maxUses,
			int expiresInHours) {
		if (!caller.hasAnyRole(INVITERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		if (role == Role.YOUTH_HOME_MANAGER && youthHomeId == null) {
			return Mono.error(ApiException.unprocessable("ROLE_NEEDS_YOUTH_HOME",
					"YOUTH_HOME_MANAGER is bound to a youth home: send youthHomeId instead of orgId"));
		}
		if (role != Role.YOUTH_HOME_MANAGER && youthHomeId != null) {
			return Mono.error(ApiException.unprocessable("ROLE_NEEDS_ORG",
					"Only YOUTH_HOME_MANAGER is bound to a youth home: send orgId for " + role));
		}
		return target(orgId, youthHomeId).flatMap(target -> {
			GrantRules.require(caller, role, target.org());
			GrantRules.requireLevel(role, target.org());
			if (target.home() != null && !target.home().active()) {
				return Mono.error(inactiveHome());
			}
			Instant now = this.clock.now();
			Instant expiresAt = now.plus(Duration.ofHours(expiresInHours));
			Long homeId = (target.home() != null) ? target.home().id() : null;
			return insert(role, target.org().id(), homeId, maxUses, expiresAt, caller.userId(), now, CODE_ATTEMPTS)
				.flatMap(created -> this.audit
					.record("INVITATION_CREATED", caller.userId(), null, target.org().id(),
							"invitation=" + created.id() + " role=" + role + " maxUses=" + maxUses)
					.thenReturn(created))
				.as(this.tx::transactional);
		});
	}

	/**
	 * Redeems a code for the caller and answers their profile with the new binding. A
	 * user redeeming the same code again gets their profile without spending a use.
	 */
	public Mono<IdentityService.Profile> redeem(Caller caller, String code) {
		long userId = caller.userId();
		return this.limiter.acquire(userId).then(Mono.defer(() -> {
			String normalized = InvitationCodes.normalize(code);
			if (normalized == null) {
				return Mono.error(notFound());
			}
			return this.tx.transactional(redeemInTransaction(userId, InvitationCodes.hash(normalized)))
				.onErrorResume(AlreadyRedeemed.class, ex -> Mono.empty())
				.then(this.identity.profile(userId));
		}));
	}

	private Mono<Void> redeemInTransaction(long userId, String codeHash) {
		Instant now = this.clock.now();
		return this.invitations.findByHash(codeHash)
			.switchIfEmpty(Mono.error(InvitationService::notFound))
			.flatMap(invitation -> (invitation.createdBy() == userId) ? Mono.error(InvitationService::own)
					: Mono.just(invitation))
			.flatMap(invitation -> this.invitations.hasRedeemed(invitation.id(), userId).flatMap(redeemed -> {
				if (redeemed) {
					return Mono.empty();
				}
				if (!invitation.expiresAt().isAfter(now)) {
					return Mono.error(ApiException.unprocessable("INVITATION_EXPIRED", "This invitation has expired"));
				}
				return stillValid(invitation).then(this.invitations.takeUse(invitation.id()))
					.switchIfEmpty(Mono.error(() -> ApiException.unprocessable("INVITATION_USED_UP",
							"Every use of this invitation has been taken")))
					.then(this.users.grant(userId, invitation.role(), invitation.orgId(), invitation.youthHomeId(),
							invitation.createdBy(), now))
					.flatMap(bindingId -> this.invitations.recordRedemption(invitation.id(), userId, bindingId, now))
					.flatMap(recorded -> recorded ? Mono.empty() : Mono.error(new AlreadyRedeemed()))
					.then(this.bindingChanges.changed(invitation.role(), invitation.orgId()))
					.then(this.audit.record("INVITATION_REDEEMED", userId, userId, invitation.orgId(),
							"invitation=" + invitation.id() + " role=" + invitation.role()));
			}));
	}

	/**
	 * What held when the invitation was made must still hold: the inviter may still grant
	 * the role there (a revoked secretary's codes die with their binding), and a youth
	 * home is still active.
	 */
	private Mono<Void> stillValid(InvitationRepository.Invitation invitation) {
		// sequential, not zipped: these run inside the redemption's transaction, on its
		// one connection
		Mono<Void> inviter = this.orgs.require(invitation.orgId())
			.flatMap(org -> this.access.loadFresh(invitation.createdBy())
				.flatMap(creator -> GrantRules.allows(creator, invitation.role(), org) ? Mono.<Void>empty()
						: Mono.error(ApiException.unprocessable("INVITATION_REVOKED",
								"The inviter can no longer grant this role"))));
		if (invitation.youthHomeId() == null) {
			return inviter;
		}
		return inviter.then(this.homes.find(invitation.youthHomeId())
			.filter(BindableHome::active)
			.switchIfEmpty(Mono.error(InvitationService::inactiveHome))
			.then());
	}

	private Mono<Target> target(@Nullable Long orgId, @Nullable Long youthHomeId) {
		if (youthHomeId == null) {
			// the request has exactly one of them (InvitationController)
			return this.orgs.require(Objects.requireNonNull(orgId, "orgId")).map(org -> new Target(org, null));
		}
		return this.homes.find(youthHomeId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Youth home " + youthHomeId)))
			.flatMap(home -> this.orgs.require(home.townId()).map(town -> new Target(town, home)));
	}

	private Mono<Created> insert(Role role, long orgId, @Nullable Long youthHomeId, int maxUses, Instant expiresAt,
			long createdBy, Instant now, int attemptsLeft) {
		String code = InvitationCodes.generate();
		return this.invitations
			.insert(InvitationCodes.hash(code), role, orgId, youthHomeId, maxUses, expiresAt, createdBy, now)
			.map(id -> new Created(id, code, expiresAt.atZone(BusinessClock.ZONE).toOffsetDateTime()))
			.switchIfEmpty(Mono.defer(() -> (attemptsLeft > 1)
					? insert(role, orgId, youthHomeId, maxUses, expiresAt, createdBy, now, attemptsLeft - 1)
					: Mono.error(new IllegalStateException("No free invitation code after retries"))));
	}

	private static ApiException notFound() {
		return new ApiException(HttpStatus.NOT_FOUND, "INVITATION_NOT_FOUND", "No invitation has this code");
	}

	/**
	 * Nobody binds themselves: a county secretary reaches the city committee's
	 * departments (GrantRules), so redeeming their own DEPARTMENT_STAFF code would widen
	 * their own scope city-wide.
	 */
	private static ApiException own() {
		return ApiException.unprocessable("INVITATION_OWN", "You cannot redeem an invitation you created");
	}

	private static ApiException inactiveHome() {
		return ApiException.unprocessable("YOUTH_HOME_INACTIVE", "The youth home is delisted");
	}

	/** A new invitation: the code is shown this once and never stored. */
	public record Created(long id, String code, OffsetDateTime expiresAt) {

		@Override
		public String toString() {
			return "Created[id=" + this.id + ", code=******]";
		}

	}

	private record Target(Org org, @Nullable BindableHome home) {
	}

	/** The same user's concurrent redemption committed first: roll ours back. */
	private static final class AlreadyRedeemed extends RuntimeException {

		AlreadyRedeemed() {
			super(null, null, false, false);
		}

	}

}
