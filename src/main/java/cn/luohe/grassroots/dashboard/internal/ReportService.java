package cn.luohe.grassroots.dashboard.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.sheet.Workbook;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.ReportSheet;
import cn.luohe.grassroots.dashboard.internal.Dashboards.TownRow;
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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

/**
 * The monthly report: towns with flags, visits, needs and Youth Home activities, as an
 * XLSX workbook (four sheets, then those other features add through {@link ReportSheet})
 * or one CSV per sheet. A CSV's rows are streamed from the database into the response
 * with back-pressure; a workbook's rows are written to POI's streaming workbook as they
 * arrive, so a city-wide month's rows are never held in memory at once.
 */
@Service
public class ReportService {

	/** The report's sheets, in the workbook's order. */
	static final List<Sheet> SHEETS = List.of(
			new Sheet("towns", "乡镇",
					List.of("组织ID", "乡镇（街道）", "走访次数", "完成走访", "走访干部数", "青年之家活动数", "活动参与人次", "核实签到人次", "青年之家数", "达标青年之家",
							"主题团日活动数", "有第一团支书的村", "达标村数", "新增诉求", "已答复诉求", "青年之家活动旗", "主题团日旗", "走访覆盖旗", "得分", "排名"),
					null),
			new Sheet("visits", "走基层",
					List.of("走访ID", "走访人", "乡镇（街道）", "走访对象", "状态", "时间", "是否走基层周", "异常标记", "走访人数", "备注"), """
							SELECT v.id, u.display_name, t.name AS town, o.name AS org, v.status, v.effective_at,
							       v.in_visit_week, array_to_string(v.flags, ' ') AS flags, v.people_met, v.note
							  FROM visit v
							  JOIN app_user u ON u.id = v.user_id
							  JOIN org_unit o ON o.id = v.org_id
							  JOIN org_unit t ON t.id = v.town_id
							 WHERE v.month = :month AND t.path LIKE :prefix AND v.voided_at IS NULL
							 ORDER BY v.id
							"""),
			new Sheet("needs", "所需所求所盼",
					List.of("诉求ID", "走访ID", "乡镇（街道）", "村（社区）", "诉求内容", "状态", "收集时间", "答复时间", "答复内容"), """
							SELECT n.id, n.visit_id, t.name AS town, o.name AS org, n.text, n.status, n.created_at,
							       n.resolved_at, n.response
							  FROM need n
							  JOIN org_unit o ON o.id = n.org_id
							  JOIN org_unit t ON t.id = n.town_id
							 WHERE n.month = :month AND t.path LIKE :prefix AND n.voided_at IS NULL
							 ORDER BY n.id
							"""),
			new Sheet("activities", "青年之家活动",
					List.of("活动ID", "青年之家", "乡镇（街道）", "活动名称", "类别", "开始时间", "结束时间", "填报人数", "核实签到人数"), """
							SELECT a.id, h.name AS home, t.name AS town, a.title, a.category, a.start_at, a.end_at,
							       a.participants,
							       (SELECT count(*) FROM activity_sign_in s WHERE s.activity_id = a.id) AS verified
							  FROM youth_home_activity a
							  JOIN youth_home h ON h.id = a.youth_home_id
							  JOIN org_unit t ON t.id = a.town_id
							 WHERE a.month = :month AND t.path LIKE :prefix AND a.voided_at IS NULL
							 ORDER BY a.id
							"""));

	private final DatabaseClient db;

	private final DashboardService dashboards;

	private final OrgDirectory orgs;

	private final Access access;

	/** Sheets other features add ({@link ReportSheet}), after the report's own. */
	private final List<ReportSheet> contributed;

	ReportService(DatabaseClient db, DashboardService dashboards, OrgDirectory orgs, Access access,
			ObjectProvider<ReportSheet> contributed) {
		this.db = db;
		this.dashboards = dashboards;
		this.orgs = orgs;
		this.access = access;
		this.contributed = contributed.orderedStream().toList();
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
	 * The workbook, written through {@link Workbook} (POI's streaming SXSSF) on a worker
	 * thread as its rows arrive, then answered whole. Rows cross to the worker through
	 * {@code publishOn}'s queue; nothing on an event loop ever waits for them, nor does
	 * any file I/O (why: docs/architecture.md, "Reports"). A month's workbook is
	 * compressed, tens of KB for a county.
	 */
	public Flux<DataBuffer> xlsx(Org scope, YearMonth month, DataBufferFactory buffers) {
		return this.dashboards.townRows(scope, month)
			.flatMap(towns -> Mono.usingWhen(onWorker(Workbook::new),
					workbook -> Flux.fromIterable(SHEETS)
						.concatMap(sheet -> write(workbook, sheet, towns, scope, month))
						.thenMany(Flux.fromIterable(this.contributed))
						.concatMap(extra -> write(workbook, extra, scope, month))
						.then(onWorker(() -> {
							ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
							workbook.writeTo(out);
							return buffers.wrap(out.toByteArray());
						})),
					// deletes its temporary files: a worker's job too, also when the
					// download is abandoned
					workbook -> onWorker(() -> {
						workbook.close();
						return true;
					})))
			.flux();
	}

	private Mono<Void> write(Workbook workbook, Sheet sheet, List<TownRow> towns, Org scope, YearMonth month) {
		return onWorker(() -> workbook.sheet(sheet.title()).row(sheet.header()))
			.flatMap(writer -> rows(sheet, towns, scope, month).publishOn(Schedulers.boundedElastic(), 256)
				.doOnNext(writer::row)
				.then());
	}

	private Mono<Void> write(Workbook workbook, ReportSheet extra, Org scope, YearMonth month) {
		return onWorker(() -> workbook.sheet(extra.title()).row(extra.header()))
			.flatMap(writer -> extra.rows(scope, month)
				.publishOn(Schedulers.boundedElastic(), 256)
				.doOnNext(writer::row)
				.then());
	}

	/** Workbook calls do file I/O: on a worker thread, never on an event loop. */
	private static <T> Mono<T> onWorker(Callable<T> call) {
		return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
	}

	public Flux<DataBuffer> csv(Org scope, YearMonth month, String name, DataBufferFactory buffers) {
		for (ReportSheet extra : this.contributed) {
			if (extra.name().equals(name)) {
				return Flux
					.concat(Flux.just("\uFEFF" + csvLine(extra.header())),
							extra.rows(scope, month).map(ReportService::csvLine))
					.map(line -> buffers.wrap(line.getBytes(StandardCharsets.UTF_8)));
			}
		}
		Sheet sheet = SHEETS.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
		if (sheet == null) {
			List<String> names = new ArrayList<>(SHEETS.stream().map(Sheet::name).toList());
			this.contributed.forEach(extra -> names.add(extra.name()));
			return Flux.error(ApiException.invalidField("sheet", "must be one of " + names));
		}
		Flux<List<Object>> rows = (sheet.sql() == null)
				? this.dashboards.townRows(scope, month).flatMapMany(towns -> rows(sheet, towns, scope, month))
				: rows(sheet, List.of(), scope, month);
		// a BOM so that spreadsheet programs read the Chinese text as UTF-8
		return Flux.concat(Flux.just("\uFEFF" + csvLine(sheet.header())), rows.map(ReportService::csvLine))
			.map(line -> buffers.wrap(line.getBytes(StandardCharsets.UTF_8)));
	}

	/** A sheet's rows: the towns' counts, or its query's rows in the scope's month. */
	private Flux<List<Object>> rows(Sheet sheet, List<TownRow> towns, Org scope, YearMonth month) {
		String sql = sheet.sql();
		if (sql == null) {
			return Flux.fromIterable(townRows(towns));
		}
		int columns = sheet.header().size();
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

	/**
	 * One sheet of the report: its name (the CSV's {@code sheet} parameter), its title in
	 * the workbook, its header, and its query (none for the towns, whose rows are the
	 * dashboard's).
	 */
	record Sheet(String name, String title, List<Object> header, @Nullable String sql) {
	}

}
