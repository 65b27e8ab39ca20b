package cn.luohe.grassroots.youthhome.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The Youth Home registry: registration, lookups, edits and delisting (摘牌). */
@Service
public class YouthHomeService {

	private final YouthHomeRepository homes;

	private final HomeAccess homeAccess;

	private final Access access;

	private final Idempotency idempotency;

	private final CountInvalidation counts;

	private final BusinessClock clock;

	private final ContentModeration moderation;

	YouthHomeService(YouthHomeRepository homes, HomeAccess homeAccess, Access access, Idempotency idempotency,
			CountInvalidation counts, BusinessClock clock, ContentModeration moderation) {
		this.homes = homes;
		this.homeAccess = homeAccess;
		this.access = access;
		this.idempotency = idempotency;
		this.counts = counts;
		this.clock = clock;
		this.moderation = moderation;
	}

	/**
	 * Registers a home. The town and the caller's right to it are judged first, outside
	 * the transaction; inside it are three statements: the idempotency key, the home with
	 * its town's dirty mark (one statement, returning the home as stored), the stored
	 * answer; a name WeChat wants reviewed ({@code check}, made before) is filed for the
	 * moderation queue in the home's statement, so that a retry (answered from the stored
	 * answer) files nothing more.
	 */
	public Mono<Outcome<YouthHome>> register(Caller caller, @Nullable String idempotencyKey, NewYouthHome home,
			TextCheck check) {
		Mono<Org> town = this.access.requireOrg(caller, home.townId(), Role.ADMINISTRATORS).flatMap(org -> {
			if (org.level() != OrgLevel.TOWN) {
				return Mono.error(ApiException.unprocessable("NOT_A_TOWN",
						"A Youth Home belongs to a town or street; " + org.name() + " is a " + org.level()));
			}
			return Mono.just(org);
		});
		return this.idempotency.transact(caller.userId(), idempotencyKey, "youthhome.register", home, YouthHome.class,
				town, checked -> this.homes.insert(home, caller.userId(), this.clock.now(),
						// the town's count of homes changes
						this.counts.touchStep("dirty", checked.id(), this.clock.currentMonth()),
						// a name under review is filed for the queue
						this.moderation.fileHeldStep("held", check, "youth_home", "(SELECT id FROM h)", checked.id()))
					.map(Outcome::created));
	}

	public Mono<YouthHome> get(Caller caller, long id) {
		return this.homeAccess.readable(caller, id).map(HomeAccess.HomeContext::home);
	}

	/**
	 * Homes of the towns under {@code orgId} (a town or a county-level unit) by id, up to
	 * {@code limit + 1}: the extra one tells that another page exists.
	 */
	public Mono<List<YouthHome>> list(Caller caller, long orgId, OrgLevel expected, long afterId, int limit) {
		return this.access.requireListable(caller, orgId, expected)
			.flatMap(org -> this.homes.findWithin(org.path(), afterId, limit + 1).collectList());
	}

	@Transactional
	public Mono<YouthHome> update(Caller caller, long id, YouthHomeChanges changes, TextCheck check) {
		return this.homeAccess.administrable(caller, id).flatMap(context -> this.homes.lock(id).flatMap(current -> {
			YouthHome changed = apply(current, changes);
			Mono<Void> touch = (changed.status() != current.status())
					// the town's active homes, and so its
					// targets, change from this month on
					? this.counts.touch(context.town().id(), this.clock.currentMonth()) : Mono.empty();
			return this.homes.update(changed, this.clock.now()).then(touch).then(this.homes.findById(id));
		}))
			// a text held for review is filed for the queue in the same transaction
			.flatMap(saved -> this.moderation.fileHeld(check, "youth_home", id, saved.townId()).thenReturn(saved));
	}

	private YouthHome apply(YouthHome home, YouthHomeChanges changes) {
		YouthHomeStatus status = Objects.requireNonNullElse(changes.status(), home.status());
		Instant delistedAt = home.delistedAt();
		if (status != home.status()) {
			delistedAt = (status == YouthHomeStatus.DELISTED) ? this.clock.now() : null;
		}
		boolean onboarded = Objects.requireNonNullElse(changes.cloudPlatformOnboarded(), home.cloudPlatformOnboarded());
		LocalDate onboardedAt = (changes.cloudPlatformOnboardedAt() != null) ? changes.cloudPlatformOnboardedAt()
				: home.cloudPlatformOnboardedAt();
		if (!onboarded) {
			if (changes.cloudPlatformOnboardedAt() != null) {
				throw ApiException.unprocessable("CLOUD_PLATFORM_NOT_ONBOARDED",
						"cloudPlatformOnboardedAt needs cloudPlatformOnboarded true");
			}
			onboardedAt = null;
		}
		if (onboardedAt != null && onboardedAt.isAfter(this.clock.today())) {
			throw ApiException.unprocessable("ONBOARDED_IN_FUTURE", "cloudPlatformOnboardedAt lies in the future");
		}
		return new YouthHome(home.id(), Objects.requireNonNullElse(changes.name(), home.name()), home.townId(),
				home.townName(), (changes.address() != null) ? changes.address() : home.address(),
				(changes.location() != null) ? changes.location() : home.location(), status,
				Objects.requireNonNullElse(changes.demonstration(), home.demonstration()), onboarded, onboardedAt,
				delistedAt, home.createdAt());
	}

}
