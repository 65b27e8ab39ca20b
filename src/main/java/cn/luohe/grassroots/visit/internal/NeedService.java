package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.paging.InstantCursor;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.UserDirectory;
import cn.luohe.grassroots.identity.api.UserDirectory.UserSummary;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The needs loop (事事有记录、件件有解答): every need heard stays OPEN until an overseer of its org,
 * or the visitor who heard it, answers it.
 */
@Service
public class NeedService {

	private static final int FEED_SUMMARY_LENGTH = 140;

	private final NeedRepository needs;

	private final Access access;

	private final VisitScope scope;

	private final UserDirectory users;

	private final ContentModeration moderation;

	private final CountInvalidation counts;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	NeedService(NeedRepository needs, Access access, VisitScope scope, UserDirectory users,
			ContentModeration moderation, CountInvalidation counts, Idempotency idempotency, BusinessClock clock) {
		this.needs = needs;
		this.access = access;
		this.scope = scope;
		this.users = users;
		this.moderation = moderation;
		this.counts = counts;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	/**
	 * Needs the caller may read: those they heard, and every need under the orgs they
	 * oversee; open ones oldest first, resolved ones latest answered first.
	 */
	public Mono<Page<NeedDetails>> list(Caller caller, @Nullable Long orgId, @Nullable NeedStatus status, int limit,
			@Nullable String cursor) {
		return Mono.defer(() -> {
			if (!caller.hasAnyRole(VisitScope.READERS)) {
				return Mono.error(ApiException.forbiddenRole());
			}
			InstantCursor after = InstantCursor.decode(cursor);
			Mono<Optional<String>> prefix = this.scope.orgPrefix(caller, orgId);
			return prefix
				.flatMap(
						orgPrefix -> this.needs
							.list(caller.userId(), VisitScope.overseenPrefixes(caller), orgPrefix.orElse(null), status,
									after, limit + 1)
							.collectList())
				.flatMap(rows -> {
					Page<NeedRow> page = Page
						.of(rows, limit,
								row -> new InstantCursor((status == NeedStatus.RESOLVED)
										? Objects.requireNonNull(row.resolvedAt()) : row.createdAt(), row.id())
									.encode());
					return compose(page.items()).map(items -> new Page<>(items, page.nextCursor()));
				});
		});
	}

	/**
	 * One need: its hearer reads it, and so does whoever oversees its org (403
	 * otherwise).
	 */
	public Mono<NeedDetails> get(Caller caller, long needId) {
		return this.needs.find(needId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Need " + needId)))
			.flatMap(need -> {
				if (need.heardBy() != caller.userId()) {
					this.access.require(caller, need.org(), Role.OVERSEERS);
				}
				return compose(List.of(need)).map(List::getFirst);
			});
	}

	/**
	 * Answers a need. The need, the caller's right and the names shown are read first,
	 * outside the transaction; inside it are three statements: the idempotency key, the
	 * answer with its feed event and dirty mark (one {@code WITH} statement, returning
	 * the need), the stored answer (a held text's event waits in the moderation queue
	 * instead, in the same {@code WITH} statement).
	 */
	public Mono<Outcome<NeedDetails>> resolve(Caller caller, long needId, String response, @Nullable String key,
			TextCheck check) {
		String operation = "need.resolve:" + needId;
		Resolution request = new Resolution(response);
		Mono<Resolving> checks = this.needs.find(needId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Need " + needId)))
			.flatMap(need -> {
				if (need.heardBy() != caller.userId()) {
					this.access.require(caller, need.org(), Role.OVERSEERS);
				}
				if (need.status() != NeedStatus.OPEN) {
					return Mono.error(alreadyResolved());
				}
				return this.users.findAll(new LinkedHashSet<>(List.of(need.heardBy(), caller.userId())))
					.collectMap(UserSummary::id, UserSummary::displayName)
					.map(names -> new Resolving(need, names));
			});
		return this.idempotency.transact(caller.userId(), key, operation, request, NeedDetails.class, checks,
				resolving -> recordResolution(caller, resolving, response, check));
	}

	private Mono<Outcome<NeedDetails>> recordResolution(Caller caller, Resolving resolving, String response,
			TextCheck check) {
		NeedRow need = resolving.need();
		Instant now = this.clock.now().truncatedTo(ChronoUnit.MICROS);
		FeedEventDraft event = new FeedEventDraft(FeedEventType.NEED_RESOLVED, need.org(), caller.userId(),
				caller.displayName(), now, brief(need.text()), need.id(), List.of());
		return this.needs
			.resolveReturning(need.id(), caller.userId(), response, now,
					this.moderation.publishStep("event", check, event, "(SELECT id FROM u)"),
					this.counts.touchStep("dirty", need.townId(), YearMonth.from(need.month())))
			// answered meanwhile by someone else: the steps are taken back with the
			// transaction
			.switchIfEmpty(Mono.error(NeedService::alreadyResolved))
			.map(row -> Outcome.ok(details(row, resolving.names())));
	}

	private static ApiException alreadyResolved() {
		return ApiException.conflict("NEED_ALREADY_RESOLVED", "This need has been answered already");
	}

	/** A need about to be answered, with the names its answer shows. */
	private record Resolving(NeedRow need, Map<Long, String> names) {
	}

	private Mono<List<NeedDetails>> compose(List<NeedRow> rows) {
		if (rows.isEmpty()) {
			return Mono.just(List.of());
		}
		Set<Long> userIds = new LinkedHashSet<>();
		for (NeedRow row : rows) {
			userIds.add(row.heardBy());
			if (row.resolvedBy() != null) {
				userIds.add(row.resolvedBy());
			}
		}
		return this.users.findAll(userIds)
			.collectMap(UserSummary::id, UserSummary::displayName)
			.map(names -> rows.stream().map(row -> details(row, names)).toList());
	}

	private static NeedDetails details(NeedRow row, Map<Long, String> names) {
		Long resolvedBy = row.resolvedBy();
		return new NeedDetails(row.id(), row.visitId(), row.org().id(), row.org().name(),
				YearMonth.from(row.month()).toString(), row.text(), row.status(), row.createdAt(),
				new Person(row.heardBy(), names.getOrDefault(row.heardBy(), "")), row.resolvedAt(),
				(resolvedBy != null) ? new Person(resolvedBy, names.getOrDefault(resolvedBy, "")) : null,
				row.response());
	}

	private static String brief(String text) {
		return (text.length() <= FEED_SUMMARY_LENGTH) ? text : text.substring(0, FEED_SUMMARY_LENGTH - 1) + "…";
	}

	/** What identifies a resolution for Idempotency-Key. */
	record Resolution(String response) {
	}

}
