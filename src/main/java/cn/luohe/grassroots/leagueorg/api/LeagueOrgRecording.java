package cn.luohe.grassroots.leagueorg.api;

import java.time.LocalDate;
import java.util.function.Function;

import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Recording a league organisation or a milestone on behalf of another feature (a line the
 * monthly forms' filler adds), with the same checks, scope, audit, feed event and counts
 * as {@code POST /league-orgs} and {@code POST /league-milestones}. In two steps, so that
 * the caller's transaction holds only the write: {@code prepare…} reads and judges (and
 * checks the name's content) before it; {@link Prepared#write} is one statement (the
 * record with its audit row, feed event and the county's recount) inside it. The caller
 * handles the Idempotency-Key.
 */
public interface LeagueOrgRecording {

	/**
	 * Judges the founding of a league organisation; its write founds it and answers it as
	 * the month's records list it.
	 */
	Mono<Prepared<LeagueOrgRecord>> prepareFounding(Caller caller, String name, LeagueOrgType type, long hostUnitId,
			LocalDate foundedOn, boolean teacherBranch);

	/**
	 * Judges a milestone; its write records it and answers it as the month's records list
	 * it.
	 */
	Mono<Prepared<MilestoneRecord>> prepareMilestone(Caller caller, MilestoneKind kind, @Nullable Long countyId,
			@Nullable Long hostUnitId, @Nullable Long leagueOrgId, LocalDate occurredOn);

	/** A record judged and ready to write, inside the caller's transaction. */
	@FunctionalInterface
	interface Prepared<T> {

		Mono<T> write();

		/** The same write, its answer turned by {@code then} (which may fail it). */
		default <R> Prepared<R> then(Function<? super T, Mono<R>> then) {
			return () -> write().flatMap(then);
		}

	}

}
