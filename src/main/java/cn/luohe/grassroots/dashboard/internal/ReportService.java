package cn.luohe.grassroots.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.internal.DashboardViews.TownRow;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The monthly report: towns with flags, visits, needs and Youth Home activities, as an
 * XLSX workbook (four sheets) or one CSV per sheet. A CSV's rows are streamed from the
 * database into the response with back-pressure; a workbook is compressed as its rows
 * arrive, so a city-wide month's rows are never held in memory at once.
 */
@Service
public class ReportService {

	static final List<String> SHEETS = List.of("towns", "visits", "needs", "activities");

	private static final List<String> SHEET_TITLES = List.of("乡镇 towns", "走基层 visits", "所需所求所盼 needs",
			"青年之家 activities");

	private final DatabaseClient db;

	private final DashboardService dashboards;

	private final OrgDirectory orgs;

	private final Access access;

	ReportService(DatabaseClient db, DashboardService dashboards, OrgDirectory orgs, Access access) {
		this.db = db;
		this.dashboards = dashboards;
		this.orgs = orgs;
		this.access = access;
	}

	/**
	 * The scope of a report: a county (overseers covering it) or the whole city (city
	 * roles).
	 */
	public Mono<Org> scope(Caller caller, @Nullable Long countyId) {
		if (countyId != null) {
			return this.access.requireOrg(caller, countyId, Role.OVERSEERS);
		}
		return this.orgs.findByCode(DashboardService.CITY_CODE)
			.doOnNext(city -> this.access.require(caller, city, Set.of(Role.CITY_ADMIN, Role.CITY_LEADER)));
	}

	/**
	 * The workbook, built in memory as its rows arrive, then answered whole. Rows cross
	 * to a worker thread through {@code publishOn}'s queue, where they are compressed;
	 * nothing ever waits for them. Two earlier shapes did wait, and both could hang a
	 * request: streamed through {@code DataBufferUtils.outputStreamPublisher}, an
	 * abandoned download left its writer parked for demand that never came; iterated with
	 * {@code Flux.toIterable}, the database's event loop took the iterator's lock to hand
	 * over each row and, when the reader held it, parked (a blocking call on an event
	 * loop: under BlockHound it broke the connection's conversation and every later query
	 * on that connection hung). A month's workbook is compressed, tens of KB for a
	 * county.
	 */
	public Flux<DataBuffer> xlsx(Org scope, YearMonth month, DataBufferFactory buffers) {
		return this.dashboards.townRows(scope, month).flatMap(towns -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
			XlsxWriter workbook = new XlsxWriter(out, SHEET_TITLES);
			return Flux.range(0, SHEETS.size())
				.concatMap(index -> sheet(workbook, index, towns, scope, month))
				.then(Mono.fromCallable(() -> {
					workbook.close();
					return buffers.wrap(out.toByteArray());
				}));
		}).flux();
	}

	private Mono<Void> sheet(XlsxWriter workbook, int index, List<TownRow> towns, Org scope, YearMonth month) {
		String sheet = SHEETS.get(index);
		Flux<List<Object>> rows = sheet.equals("towns") ? Flux.fromIterable(townRows(towns))
				: rows(sheet, scope, month);
		return Mono.fromRunnable(() -> write(() -> {
			workbook.startSheet(index + 1);
			workbook.row(header(sheet));
		}))
			.thenMany(rows)
			.publishOn(Schedulers.boundedElastic(), 256)
			.doOnNext(row -> write(() -> workbook.row(row)))
			.then(Mono.fromRunnable(() -> write(workbook::endSheet)));
	}

	private static void write(IoAction action) {
		try {
			action.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public Flux<DataBuffer> csv(Org scope, YearMonth month, String sheet, DataBufferFactory buffers) {
		if (!SHEETS.contains(sheet)) {
			return Flux.error(ApiException.invalidField("sheet", "must be one of " + SHEETS));
		}
		Flux<List<Object>> rows = (sheet.equals("towns"))
				? this.dashboards.townRows(scope, month).flatMapMany(towns -> Flux.fromIterable(townRows(towns)))
				: rows(sheet, scope, month);
		// a BOM so that spreadsheet programs read the Chinese text as UTF-8
		return Flux.concat(Flux.just("\uFEFF" + csvLine(header(sheet))), rows.map(ReportService::csvLine))
			.map(line -> buffers.wrap(line.getBytes(StandardCharsets.UTF_8)));
	}

	private Flux<List<Object>> rows(String sheet, Org scope, YearMonth month) {
		String sql = switch (sheet) {
			case "visits" -> """
					SELECT v.id, u.display_name, t.name AS town, o.name AS org, v.status, v.effective_at,
					       v.in_visit_week, array_to_string(v.flags, ' ') AS flags, v.people_met, v.note
					  FROM visit v
					  JOIN app_user u ON u.id = v.user_id
					  JOIN org_unit o ON o.id = v.org_id
					  JOIN org_unit t ON t.id = v.town_id
					 WHERE v.month = :month AND t.path LIKE :prefix
					 ORDER BY v.id
					""";
			case "needs" -> """
					SELECT n.id, n.visit_id, t.name AS town, o.name AS org, n.text, n.status, n.created_at,
					       n.resolved_at, n.response
					  FROM need n
					  JOIN org_unit o ON o.id = n.org_id
					  JOIN org_unit t ON t.id = n.town_id
					 WHERE n.month = :month AND t.path LIKE :prefix
					 ORDER BY n.id
					""";
			default -> """
					SELECT a.id, h.name AS home, t.name AS town, a.title, a.category, a.start_at, a.end_at,
					       a.participants,
					       (SELECT count(*) FROM activity_sign_in s WHERE s.activity_id = a.id) AS verified
					  FROM youth_home_activity a
					  JOIN youth_home h ON h.id = a.youth_home_id
					  JOIN org_unit t ON t.id = a.town_id
					 WHERE a.month = :month AND t.path LIKE :prefix
					 ORDER BY a.id
					""";
		};
		int columns = header(sheet).size();
		return this.db.sql(sql)
			.bind("month", month.atDay(1))
			.bind("prefix", Params.likePrefix(scope.path()))
			.map(row -> cells(row, columns))
			.all();
	}

	private static List<Object> cells(Readable row, int columns) {
		List<Object> cells = new ArrayList<>(columns);
		for (int i = 0; i < columns; i++) {
			Object value = row.get(i);
			cells.add((value instanceof Instant instant)
					? instant.atZone(BusinessClock.ZONE).toLocalDateTime().toString() : value);
		}
		return cells;
	}

	private static List<List<Object>> townRows(List<TownRow> towns) {
		List<List<Object>> rows = new ArrayList<>();
		for (TownRow t : towns) {
			rows.add(Arrays.asList(t.orgId(), t.name(), t.visits(), t.visitsCompleted(), t.visitingCadres(),
					t.activities(), t.activityParticipants(), t.verifiedParticipants(), t.youthHomes(),
					t.youthHomesMeetingTarget(), t.themedEvents(), t.villagesWithFirstSecretary(),
					t.villagesMeetingTarget(), t.needsOpened(), t.needsResolved(),
					t.flags().youthHomeActivities().name(), t.flags().themedEvents().name(),
					t.flags().visitCoverage().name(), t.score(), t.rank()));
		}
		return rows;
	}

	static List<Object> header(String sheet) {
		return switch (sheet) {
			case "towns" -> List.of("orgId", "town", "visits", "visitsCompleted", "visitingCadres", "activities",
					"activityParticipants", "verifiedParticipants", "youthHomes", "youthHomesMeetingTarget",
					"themedEvents", "villagesWithFirstSecretary", "villagesMeetingTarget", "needsOpened",
					"needsResolved", "flagYouthHomeActivities", "flagThemedEvents", "flagVisitCoverage", "score",
					"rank");
			case "visits" -> List.of("visitId", "visitor", "town", "visitedOrg", "status", "at", "inVisitWeek", "flags",
					"peopleMet", "note");
			case "needs" ->
				List.of("needId", "visitId", "town", "org", "need", "status", "heardAt", "resolvedAt", "response");
			default -> List.of("activityId", "youthHome", "town", "title", "category", "startAt", "endAt",
					"declaredParticipants", "verifiedParticipants");
		};
	}

	static String csvLine(List<?> cells) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			Object cell = cells.get(i);
			String text = (cell != null) ? cell.toString() : "";
			if (cell instanceof String && !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
				// typed text must never run as a spreadsheet formula
				text = "'" + text;
			}
			if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
					|| text.indexOf('\r') >= 0) {
				text = '"' + text.replace("\"", "\"\"") + '"';
			}
			line.append(text);
		}
		return line.append("\r\n").toString();
	}

	@FunctionalInterface
	private interface IoAction {

		void run() throws IOException;

	}

}
