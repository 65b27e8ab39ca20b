package cn.luohe.grassroots.dashboard.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.MonthClosure;
import cn.luohe.grassroots.dashboard.internal.Dashboards.CountySubmissionStatus;
import cn.luohe.grassroots.dashboard.internal.Dashboards.Submission;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The county's monthly submission, due by the configured day (the 28th) in Asia/Shanghai:
 * it freezes a snapshot of the county's figures, is marked late after the deadline,
 * closes the month for new records, and only a CITY_ADMIN can reopen it, with a reason.
 */
@Service
public class SubmissionService implements MonthClosure {

	private static final Set<Role> SUBMITTERS = Set.of(Role.CITY_ADMIN, Role.COUNTY_SECRETARY);

	private final DatabaseClient db;

	private final DashboardService dashboards;

	private final OrgDirectory orgs;

	private final Access access;

	private final BusinessClock clock;

	private final DashboardProperties properties;

	private final JsonMapper json;

	SubmissionService(DatabaseClient db, DashboardService dashboards, OrgDirectory orgs, Access access,
			BusinessClock clock, DashboardProperties properties, JsonMapper json) {
		this.db = db;
		this.dashboards = dashboards;
		this.orgs = orgs;
		this.access = access;
		this.clock = clock;
		this.properties = properties;
		this.json = json;
	}

	/**
	 * Submits a county's month: the county, the right and an open submission are checked
	 * and the dashboards' rows read first, outside any transaction; the submission is
	 * then one statement, which the open-submission index makes atomic (one that came
	 * first meanwhile: nothing inserted, 409 as for the check).
	 */
	public Mono<Submission> submit(Caller caller, long countyId, YearMonth month) {
		if (month.isAfter(this.clock.currentMonth())) {
			return Mono
				.error(ApiException.unprocessable("MONTH_NOT_STARTED", "A month can be submitted once it has begun"));
		}
		return this.access.requireOrg(caller, countyId, SUBMITTERS).flatMap(county -> {
			if (county.level() != OrgLevel.COUNTY) {
				return Mono.error(ApiException.invalidField("countyId", "must be a county-level unit"));
			}
			return open(countyId, month).hasElement()
				.flatMap(exists -> exists ? Mono.error(SubmissionService::alreadySubmitted)
						: snapshot(county, month).flatMap(snapshot -> insert(caller, county, month, snapshot))
							.switchIfEmpty(Mono.error(SubmissionService::alreadySubmitted)));
		});
	}

	private static ApiException alreadySubmitted() {
		return ApiException.conflict("ALREADY_SUBMITTED",
				"This county's month is already submitted; a CITY_ADMIN can reopen it");
	}

	@Transactional
	public Mono<Submission> reopen(Caller caller, long submissionId, String reason) {
		return find(submissionId).switchIfEmpty(Mono.error(() -> ApiException.notFound("Submission")))
			.flatMap(submission -> this.access.requireOrg(caller, submission.countyId(), Set.of(Role.CITY_ADMIN))
				.thenReturn(submission))
			.flatMap(submission -> {
				if (submission.reopenedAt() != null) {
					return Mono.error(ApiException.conflict("ALREADY_REOPENED", "This submission is already reopened"));
				}
				return this.db.sql("""
						UPDATE county_submission SET reopened_at = :now, reopened_by = :by, reopen_reason = :reason
						 WHERE id = :id AND reopened_at IS NULL
						""")
					.bind("now", this.clock.now())
					.bind("by", caller.userId())
					.bind("reason", reason)
					.bind("id", submissionId)
					.then()
					.then(find(submissionId));
			});
	}

	/** Which counties in the caller's scope have submitted the month. */
	public Mono<List<CountySubmissionStatus>> statuses(Caller caller, YearMonth month) {
		if (!caller.hasAnyRole(Role.OVERSEERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		Mono<Map<Long, Submission>> submitted = this.db
			.sql("SELECT * FROM county_submission WHERE month = :month AND reopened_at IS NULL")
			.bind("month", month.atDay(1))
			.map(SubmissionService::toSubmission)
			.all()
			.collectMap(Submission::countyId);
		return submitted.flatMap(byCounty -> this.orgs.findByCode(DashboardService.CITY_CODE)
			.flatMapMany(city -> this.orgs.subtree(city, OrgLevel.COUNTY))
			.filter(county -> !caller.bindingsCovering(county, Role.OVERSEERS).isEmpty())
			.map(county -> new CountySubmissionStatus(county.id(), county.name(), byCounty.containsKey(county.id()),
					byCounty.get(county.id())))
			.collectList());
	}

	@Override
	public Mono<Boolean> isClosed(long countyId, YearMonth month) {
		return open(countyId, month).hasElement();
	}

	/** The last moment of the deadline day, Asia/Shanghai. */
	Instant deadline(YearMonth month) {
		LocalDate day = month.atDay(this.properties.submissionDay());
		return BusinessClock.startOfDay(day.plusDays(1));
	}

	private Mono<Submission> insert(Caller caller, Org county, YearMonth month, String snapshot) {
		Instant now = this.clock.now();
		return this.db.sql("""
				INSERT INTO county_submission (county_id, month, submitted_at, submitted_by, late, snapshot)
				VALUES (:county, :month, :now, :by, :late, :snapshot)
				ON CONFLICT (county_id, month) WHERE reopened_at IS NULL DO NOTHING
				RETURNING *
				""")
			.bind("county", county.id())
			.bind("month", month.atDay(1))
			.bind("now", now)
			.bind("by", caller.userId())
			.bind("late", !now.isBefore(deadline(month)))
			.bind("snapshot", snapshot)
			.map(SubmissionService::toSubmission)
			.one();
	}

	private Mono<String> snapshot(Org county, YearMonth month) {
		return this.dashboards.countyRow(county, month)
			.flatMap(row -> this.dashboards.townRows(county, month)
				.map(towns -> this.json.writeValueAsString(Map.of("county", row, "towns", towns))));
	}

	private Mono<Submission> open(long countyId, YearMonth month) {
		return this.db
			.sql("SELECT * FROM county_submission WHERE county_id = :county AND month = :month"
					+ " AND reopened_at IS NULL")
			.bind("county", countyId)
			.bind("month", month.atDay(1))
			.map(SubmissionService::toSubmission)
			.one();
	}

	private Mono<Submission> find(long id) {
		return this.db.sql("SELECT * FROM county_submission WHERE id = :id")
			.bind("id", id)
			.map(SubmissionService::toSubmission)
			.one();
	}

	static Submission toSubmission(Readable row) {
		return new Submission(Params.required(row.get("id", Long.class)),
				Params.required(row.get("county_id", Long.class)),
				YearMonth.from(Params.required(row.get("month", LocalDate.class))).toString(),
				Params.required(row.get("submitted_at", Instant.class)),
				Boolean.TRUE.equals(row.get("late", Boolean.class)), row.get("reopened_at", Instant.class),
				row.get("reopen_reason", String.class));
	}

}
