package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.UserDirectory;
import cn.luohe.grassroots.identity.api.UserDirectory.UserSummary;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Reads of visits: one, a page of those the caller may read, each with its visitor's name
 * and the needs heard.
 */
@Service
public class VisitReads {

	private final VisitRepository visits;

	private final NeedRepository needs;

	private final VisitScope scope;

	private final UserDirectory users;

	private final BusinessClock clock;

	VisitReads(VisitRepository visits, NeedRepository needs, VisitScope scope, UserDirectory users,
			BusinessClock clock) {
		this.visits = visits;
		this.needs = needs;
		this.scope = scope;
		this.users = users;
		this.clock = clock;
	}

	/** The visitor, or an overseer covering the visited org. */
	public Mono<VisitDetails> get(Caller caller, long visitId) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.doOnNext(visit -> this.scope.requireReadable(caller, visit))
			.flatMap(visit -> compose(List.of(visit)))
			.map(List::getFirst);
	}

	public Mono<Page<VisitDetails>> list(Caller caller, @Nullable YearMonth month, @Nullable Long orgId,
			@Nullable Long userId, @Nullable VisitStatus status, int limit, @Nullable String cursor) {
		return Mono.defer(() -> {
			if (!caller.hasAnyRole(VisitScope.READERS)) {
				return Mono.error(ApiException.forbiddenRole());
			}
			InstantCursor after = InstantCursor.decode(cursor);
			return this.scope.orgPrefix(caller, orgId)
				.flatMap(prefix -> this.visits
					.list(caller.userId(), VisitScope.overseenPrefixes(caller), VisitScope.administeredPrefixes(caller),
							new VisitRepository.VisitFilter(month, prefix.orElse(null), userId, status, after), now(),
							limit + 1)
					.collectList())
				.flatMap(rows -> {
					Page<VisitRow> page = Page.of(rows, limit,
							row -> new InstantCursor(row.effectiveAt(), row.id()).encode());
					return compose(page.items()).map(items -> new Page<>(items, page.nextCursor()));
				});
		});
	}

	Mono<VisitDetails> load(long visitId) {
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

	static VisitDetails details(VisitRow row, Person visitor, @Nullable Collection<NeedRow> needs, Instant now) {
		VisitDetails.CheckOut checkOut = (row.checkedOutAt() != null && row.checkOut() != null)
				? new VisitDetails.CheckOut(row.checkedOutAt(), row.checkOutOccurredAt(), row.checkOut(),
						Objects.requireNonNullElse(row.peopleMet(), 0), row.resolved(), row.summary())
				: null;
		List<VisitDetails.NeedBrief> heard = (needs != null)
				? needs.stream().map(n -> new VisitDetails.NeedBrief(n.id(), n.text(), n.status())).toList()
				: List.of();
		return new VisitDetails(row.id(), row.statusAt(now), row.inVisitWeek(), row.flags(), visitor, row.org().id(),
				row.org().name(), row.townId(), row.yearMonth().toString(), row.occurredAt(), row.receivedAt(),
				row.dayEnd(), row.checkIn(), row.note(), row.photoIds(), checkOut, heard, row.voidedAt(),
				row.voidReason());
	}

	Mono<Map<Long, String>> names(Collection<Long> userIds) {
		return this.users.findAll(new LinkedHashSet<>(userIds)).collectMap(UserSummary::id, UserSummary::displayName);
	}

	static Person person(long userId, Map<Long, String> names) {
		return new Person(userId, names.getOrDefault(userId, ""));
	}

	Instant now() {
		// PostgreSQL keeps microseconds: answers must equal what a later read returns
		return this.clock.now().truncatedTo(ChronoUnit.MICROS);
	}

}
