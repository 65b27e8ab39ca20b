package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recounts every maintained coverage row from the raw records, reports each difference
 * and repairs it (CITY_ADMIN).
 */
@Service
public class CoverageReconciliation {

	private final CoverageCounts counts;

	CoverageReconciliation(CoverageCounts counts) {
		this.counts = counts;
	}

	@Transactional
	public Mono<Result> reconcile(Caller caller) {
		if (!caller.hasRole(Role.CITY_ADMIN)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.counts.all().collectList().flatMap(rows -> {
			Map<Long, List<CountRow>> byCounty = new TreeMap<>();
			rows.forEach(row -> byCounty.computeIfAbsent(row.countyId(), k -> new ArrayList<>()).add(row));
			return Flux.fromIterable(byCounty.entrySet())
				.concatMap(entry -> this.counts
					.recount(entry.getKey(), entry.getValue().stream().map(CountRow::month).toList())
					.collectList()
					.flatMapMany(recounted -> compare(entry.getValue(), recounted)))
				.collectList()
				.flatMap(differences -> repair(differences).thenReturn(new Result(rows.size(), differences)));
		});
	}

	private Flux<Difference> compare(List<CountRow> maintained, List<CountRow> recounted) {
		List<Difference> differences = new ArrayList<>();
		for (int i = 0; i < maintained.size(); i++) {
			CountRow kept = maintained.get(i);
			CountRow fresh = recounted.get(i);
			for (String column : CountRow.COLUMNS) {
				if (kept.get(column) != fresh.get(column)) {
					differences.add(new Difference(kept.countyId(), kept.month(), column, kept.get(column),
							fresh.get(column), fresh));
				}
			}
		}
		return Flux.fromIterable(differences);
	}

	private Mono<Void> repair(List<Difference> differences) {
		Map<String, CountRow> rows = new TreeMap<>();
		differences.forEach(d -> rows.put(d.countyId() + ":" + d.month(), d.recountedRow()));
		return this.counts.store(new ArrayList<>(rows.values()));
	}

	/** How many rows were checked and what differed (now repaired). */
	public record Result(int checked, List<Difference> differences) {
	}

	public record Difference(long countyId, LocalDate month, String figure, long maintained, long recounted,
			CountRow recountedRow) {
	}

}
