package cn.luohe.grassroots.visit.internal;

import java.time.YearMonth;

import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.UserDirectory;
import cn.luohe.grassroots.identity.api.UserDirectory.UserSummary;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/** The monthly duty: who of the visiting cadres under an org has done their visit. */
@Service
public class VisitCompliance {

	private final VisitRepository visits;

	private final Access access;

	private final UserDirectory users;

	private final BusinessClock clock;

	VisitCompliance(VisitRepository visits, Access access, UserDirectory users, BusinessClock clock) {
		this.visits = visits;
		this.access = access;
		this.users = users;
		this.clock = clock;
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

}
