package cn.luohe.grassroots.youthhome.api;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Collection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lookups of Youth Homes for other features (the checklist and the dashboards read their
 * monthly activities; identity's invitations ask through its own BindableHomes).
 */
public interface YouthHomeDirectory {

	/** Activities a home holds each month to meet its target. */
	int MONTHLY_ACTIVITY_TARGET = 2;

	/** The home, or an empty Mono. */
	Mono<YouthHomeRef> find(long id);

	/**
	 * The homes among {@code ids} with the number of activities logged for {@code month}
	 * (the month of each activity's start, Asia/Shanghai), ordered by id; unknown ids are
	 * left out.
	 */
	Flux<YouthHomeMonth> activitiesIn(Collection<Long> ids, YearMonth month);

	/**
	 * Per county-level unit (the parent of each home's town) with at least one home:
	 * active homes, their youth organisations founded on or before {@code through}, and
	 * homes onboarded to the cloud platform from {@code from} to {@code through}.
	 */
	Flux<CountyHomeFigures> countyFigures(LocalDate from, LocalDate through);

}
