package cn.luohe.grassroots.ledger.web;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerDocument;
import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Ledger;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Matrix;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Report;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.RollUp;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Task;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Problems.Problem;
import cn.luohe.grassroots.support.Responses.FeedItem;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.ledger.LedgerFixtures.assignment;
import static cn.luohe.grassroots.ledger.LedgerFixtures.body;
import static cn.luohe.grassroots.ledger.LedgerFixtures.items;
import static cn.luohe.grassroots.support.Problems.expectFieldError;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Responses.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seeded 2020 ledger against the document, its fan-out, scope and bad input, the
 * department's and person's views and the export, through the running service.
 */
class LedgerApiTests extends ApiTest {

	private static final List<String> COUNTIES = List.of("411102", "411103", "411104", "411121", "411122", "411171",
			"4111F1", "4111F2");

	@Test
	void shouldReproduceTheDocumentsTwentyNineTasksCellForCell() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		List<Task> tasks = items(as(admin), Task.class, "/api/v1/ledgers/2020/tasks?limit=200");
		List<LedgerDocument.Row> document = LedgerDocument.rows();

		assertThat(document).hasSize(29);
		assertThat(tasks).hasSize(29);
		for (int i = 0; i < 29; i++) {
			LedgerDocument.Row row = document.get(i);
			Task task = tasks.get(i);
			String where = "task " + (i + 1);
			assertThat(task.domain()).as(where).isEqualTo(row.domain());
			assertThat(task.content()).as(where).isEqualTo(row.content());
			String month = task.deadlineMonth();
			assertThat(Integer.parseInt(month.substring(0, 4)) + "年" + Integer.parseInt(month.substring(5)) + "月")
				.as(where)
				.isEqualTo(row.deadline());
			assertThat(task.responsibleUnits()).as(where).isEqualTo(row.units());
			assertThat(task.department()).as(where).isEqualTo(row.department());
			assertThat(task.person()).as(where).isEqualTo(row.person());
		}
		Map<String, Integer> perDomain = new LinkedHashMap<>();
		tasks.forEach(t -> perDomain.merge(t.domain(), 1, Integer::sum));
		assertThat(perDomain).containsExactly(Map.entry("中职中学团建", 6), Map.entry("高校团建", 3), Map.entry("市直机关事业单位团建", 2),
				Map.entry("县（区）直单位团建", 2), Map.entry("乡镇农村团建", 5), Map.entry("街道社区团建", 3), Map.entry("青年之家建设", 2),
				Map.entry("国有企业团建", 2), Map.entry("非公企业团建", 3), Map.entry("新兴青年领域团建", 1));
		assertThat(tasks.get(0)).extracting(Task::deadline, Task::departmentCode)
			.containsExactly("2020-10-31", "4111-XSB");
	}

	@Test
	void shouldFanATaskOutIntoOneAssignmentPerResponsibleUnit() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long taskOfCounties = taskId(admin, 12);

		List<Assignment> perCounty = items(admin, Assignment.class, "/api/v1/ledgers/2020/assignments?taskId={t}",
				taskOfCounties);
		assertThat(perCounty).extracting(Assignment::unitId)
			.containsExactlyInAnyOrderElementsOf(COUNTIES.stream().map(Db::orgId).toList());
		assertThat(perCounty).extracting(Assignment::unitName).contains("源汇区团委", "舞阳县团委", "西城区团委");
		assertThat(items(admin, Assignment.class, "/api/v1/ledgers/2020/assignments?taskId={t}", taskId(admin, 1)))
			.extracting(Assignment::unitName)
			.hasSize(9)
			.contains("市教育局青工委", "临颍县团委");
		assertThat(items(admin, Assignment.class, "/api/v1/ledgers/2020/assignments?taskId={t}", taskId(admin, 7)))
			.extracting(Assignment::unitName)
			.containsExactlyInAnyOrder("漯河职院团委", "漯河医专团委", "漯河技师学院团委", "漯河食品学院团委");
		assertThat(items(admin, Assignment.class, "/api/v1/ledgers/2020/assignments?taskId={t}", taskId(admin, 18)))
			.extracting(Assignment::unitName)
			.containsExactly("舞阳县团委");
		assertThat(items(admin, Assignment.class, "/api/v1/ledgers/2020/assignments?taskId={t}", taskId(admin, 19)))
			.hasSize(12);
	}

	@Test
	void shouldShowACountyOnlyItsOwnAssignmentsAndLetItReportOnlyOnThose() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		long linying = Db.orgId("411122");
		List<Assignment> own = items(as(secretary), Assignment.class, "/api/v1/ledgers/2020/assignments?limit=200");
		assertThat(own).isNotEmpty().allSatisfy(a -> assertThat(a.unitId()).isEqualTo(linying));
		// every task of 各县区团委 (not 舞阳县's own, nor the colleges' or 市直 bodies')
		assertThat(own).hasSize(6 + 2 + 4 + 3 + 2 + 2 + 3 + 1);
		assertThat(items(as(secretary), Task.class, "/api/v1/ledgers/2020/tasks")).hasSize(29);

		expectProblem(
				as(secretary).get().uri("/api/v1/ledgers/2020/assignments?unitId={u}", Db.orgId("411121")).exchange(),
				403, "FORBIDDEN_SCOPE");
		Assignment elsewhere = assignment(as(identities().withRole(Role.CITY_ADMIN, "4111")), 2020, 12, "舞阳县团委");
		expectProblem(as(secretary).get().uri("/api/v1/ledger-assignments/{id}", elsewhere.id()).exchange(), 403,
				"FORBIDDEN_SCOPE");
		long before = Db.count("SELECT count(*) FROM ledger_report");
		expectProblem(as(secretary).post()
			.uri("/api/v1/ledger-assignments/{id}/reports", elsewhere.id())
			.bodyValue(Map.of("text", "代报", "progress", 50))
			.exchange(), 403, "FORBIDDEN_SCOPE");
		TestUser manager = identities().withRole(Role.FIRST_SECRETARY, "411121100201");
		expectProblem(as(manager).get().uri("/api/v1/ledgers/2020/tasks").exchange(), 403, "FORBIDDEN_ROLE");
		assertThat(Db.count("SELECT count(*) FROM ledger_report")).isEqualTo(before);
	}

	@Test
	void shouldRefuseBadReportsWithProblemsAndWriteNothing() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411103");
		Assignment target = assignment(as(secretary), 2020, 16, "郾城区团委");
		long assignmentId = target.id();
		String uri = "/api/v1/ledger-assignments/" + assignmentId + "/reports";
		List<Map<String, Object>> bad = new ArrayList<>();
		bad.add(Map.of("text", ""));
		bad.add(Map.of("text", "进展", "progress", 101));
		bad.add(Map.of("text", "进展", "status", "FINISHED"));
		bad.add(Map.of("text", "进展", "status", "CANNOT_DO"));
		bad.add(Map.of("text", "进展", "reason", "缺少经费"));
		bad.add(Map.of("text", "进展", "status", "DONE", "progress", 40));
		bad.add(Map.of("text", "进展", "numbers", List.of(Map.of("label", "", "value", 3))));
		for (Map<String, Object> body : bad) {
			expectProblem(as(secretary).post().uri(uri).bodyValue(body).exchange(), 400, "VALIDATION_FAILED");
		}
		expectProblem(as(secretary).post()
			.uri(uri)
			.bodyValue(Map.of("text", "进展", "photoIds", List.of(Long.MAX_VALUE)))
			.exchange(), 404, "NOT_FOUND");
		expectProblem(as(secretary).post()
			.uri("/api/v1/ledger-assignments/{id}/reports", Long.MAX_VALUE)
			.bodyValue(Map.of("text", "进展"))
			.exchange(), 404, "NOT_FOUND");
		expectFieldError(as(secretary).get().uri("/api/v1/ledgers/1999/tasks").exchange(), "year");
		expectProblem(as(secretary).get().uri("/api/v1/ledgers/2098/tasks").exchange(), 404, "NOT_FOUND");
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", assignmentId)).isZero();
		assertThat(Db.single("SELECT status FROM ledger_assignment WHERE id = ?", String.class, assignmentId))
			.isEqualTo("NOT_STARTED");

		// a good one, replayed with its key: one report, the first answer again
		String key = UUID.randomUUID().toString();
		Map<String, Object> report = Map.of("text", "已完成8个乡镇的分类定级", "progress", 60, "numbers",
				List.of(Map.of("label", "已定级乡镇", "value", 8)));
		// whole answers compared: read as JSON trees, not typed
		JsonNode first = body(as(secretary).post().uri(uri).header("Idempotency-Key", key).bodyValue(report).exchange(),
				201, JsonNode.class);
		JsonNode again = body(as(secretary).post().uri(uri).header("Idempotency-Key", key).bodyValue(report).exchange(),
				201, JsonNode.class);
		assertThat(again).isEqualTo(first);
		Report firstReport = read(first, Report.class);
		assertThat(firstReport).extracting(Report::status, Report::progress).containsExactly("IN_PROGRESS", 60);
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", assignmentId)).isOne();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEDGER_PROGRESS' AND record_id = ?",
				firstReport.id()))
			.isOne();
		expectProblem(as(secretary).post()
			.uri(uri)
			.header("Idempotency-Key", key)
			.bodyValue(Map.of("text", "另一份"))
			.exchange(), 422, "IDEMPOTENCY_KEY_REUSED");
		assertThat(items(as(secretary), Report.class, "/api/v1/ledger-assignments/{id}/reports", assignmentId))
			.hasSize(1);
		// in the county's live feed
		assertThat(items(as(secretary), FeedItem.class, "/api/v1/feed?limit=50")).anySatisfy(event -> {
			assertThat(event).extracting(FeedItem::type, FeedItem::orgId)
				.containsExactly("ledger.progress", Db.orgId("411103"));
			assertThat(event.summary()).startsWith("郾城区团委：3.继续深化乡镇街道团组织分类定级").endsWith("（60%）");
		});
	}

	/**
	 * NOT_STARTED stands at 0, only DONE at 100, and a status moved back from DONE names
	 * its progress: no report leaves them contradicting.
	 */
	@Test
	void shouldKeepAReportsStatusAndProgressFromContradictingEachOther() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		long assignmentId = assignment(as(secretary), 2020, 16, "临颍县团委").id();
		String uri = "/api/v1/ledger-assignments/" + assignmentId + "/reports";
		Problem notStarted = expectFieldError(as(secretary).post()
			.uri(uri)
			.bodyValue(Map.of("text", "x", "status", "NOT_STARTED", "progress", 50))
			.exchange(), "progress");
		assertThat(notStarted.errors().getFirst().message()).isEqualTo("状态为“未开始”时进度必须为 0（或不填）");
		expectFieldError(as(secretary).post()
			.uri(uri)
			.bodyValue(Map.of("text", "x", "status", "IN_PROGRESS", "progress", 100))
			.exchange(), "progress");
		expectFieldError(as(secretary).post()
			.uri(uri)
			.bodyValue(Map.of("text", "x", "status", "CANNOT_DO", "reason", "缺少经费", "progress", 100))
			.exchange(), "progress");
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", assignmentId)).isZero();

		assertThat(report(secretary, uri, Map.of("text", "完成", "status", "DONE")))
			.extracting(Report::status, Report::progress)
			.containsExactly("DONE", 100);
		// back from DONE: a progress below 100 must come with the status
		expectFieldError(
				as(secretary).post().uri(uri).bodyValue(Map.of("text", "x", "status", "IN_PROGRESS")).exchange(),
				"progress");
		expectFieldError(as(secretary).post()
			.uri(uri)
			.bodyValue(Map.of("text", "x", "status", "CANNOT_DO", "reason", "缺少经费"))
			.exchange(), "progress");
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", assignmentId)).isOne();
		assertThat(report(secretary, uri, Map.of("text", "返工", "status", "IN_PROGRESS", "progress", 80)))
			.extracting(Report::status, Report::progress)
			.containsExactly("IN_PROGRESS", 80);
		report(secretary, uri, Map.of("text", "完成", "status", "DONE"));
		assertThat(report(secretary, uri, Map.of("text", "重新开始", "status", "NOT_STARTED")))
			.extracting(Report::status, Report::progress)
			.containsExactly("NOT_STARTED", 0);
		assertThat(
				report(secretary, uri, Map.of("text", "无法完成", "status", "CANNOT_DO", "reason", "缺少经费", "progress", 30)))
			.extracting(Report::status, Report::progress)
			.containsExactly("CANNOT_DO", 30);
		assertThat(Db.single("SELECT progress FROM ledger_assignment WHERE id = ?", Integer.class, assignmentId))
			.isEqualTo(30);
	}

	private Report report(TestUser reporter, String uri, Map<String, Object> body) {
		Report report = body(as(reporter).post().uri(uri).bodyValue(body).exchange(), 201, Report.class);
		assertThat(report.assignment()).isNotNull()
			.satisfies(a -> assertThat(a).extracting(Assignment::status, Assignment::progress)
				.containsExactly(report.status(), report.progress()));
		return report;
	}

	/**
	 * A copy is held to the rule the reads are held to: a year they would refuse is
	 * refused on its field, with their message, and nothing is written.
	 */
	@Test
	void shouldRefuseToCopyIntoAYearTheReadsRefuse() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		long ledgers = Db.count("SELECT count(*) FROM ledger");
		long tasks = Db.count("SELECT count(*) FROM ledger_task");
		Problem copy = expectFieldError(
				admin.post().uri("/api/v1/ledgers").bodyValue(Map.of("year", 2019, "copyFrom", 2020)).exchange(),
				"year");
		Problem read = expectFieldError(admin.get().uri("/api/v1/ledgers/2019/tasks").exchange(), "year");
		assertThat(copy.errors()).singleElement()
			.satisfies(error -> assertThat(error.message()).isEqualTo("必须是 2020 到 2100 之间的年份"))
			.isEqualTo(read.errors().getFirst());
		expectFieldError(
				admin.post().uri("/api/v1/ledgers").bodyValue(Map.of("year", 2101, "copyFrom", 2020)).exchange(),
				"year");
		expectFieldError(
				admin.post().uri("/api/v1/ledgers").bodyValue(Map.of("year", 2097, "copyFrom", 2019)).exchange(),
				"copyFrom");
		assertThat(Db.count("SELECT count(*) FROM ledger")).isEqualTo(ledgers);
		assertThat(Db.count("SELECT count(*) FROM ledger_task")).isEqualTo(tasks);
		assertThat(Db.count("SELECT count(*) FROM ledger WHERE year IN (2019, 2101, 2097)")).isZero();
	}

	@Test
	void shouldShowADepartmentItsTasksAndAPersonTheirs() {
		TestUser staff = identities().withRole(Role.DEPARTMENT_STAFF, "4111-QFB");
		List<Assignment> assignments = items(as(staff), Assignment.class, "/api/v1/ledgers/2020/assignments?limit=200");
		assertThat(assignments).hasSize(4 * 8).allSatisfy(a -> assertThat(a.departmentCode()).isEqualTo("4111-QFB"));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		assertThat(items(admin, Task.class, "/api/v1/ledgers/2020/tasks?departmentCode=4111-ZZB")).hasSize(18);
		assertThat(items(admin, Task.class, "/api/v1/ledgers/2020/tasks?department=学校少年部")).hasSize(5);
		assertThat(items(admin, Task.class, "/api/v1/ledgers/2020/tasks?person=赵博")).extracting(Task::position)
			.containsExactly(24, 25, 27, 28);
		// a unit narrows the department's assignments to those of the unit
		long yuanhui = Db.orgId("411102");
		assertThat(items(as(staff), Assignment.class, "/api/v1/ledgers/2020/assignments?unitId={u}", yuanhui))
			.hasSize(4)
			.containsExactlyElementsOf(assignments.stream().filter(a -> a.unitId() == yuanhui).toList());
		assertThat(items(as(staff), Assignment.class, "/api/v1/ledgers/2020/assignments?unitId={u}", Db.orgId("4111")))
			.isEmpty();
		expectProblem(
				as(staff).get().uri("/api/v1/ledgers/2020/assignments?unitId={u}", Db.orgId("411102001")).exchange(),
				403, "FORBIDDEN_SCOPE");
		// the department's staff see no other department's assignments
		assertThat(items(as(staff), Assignment.class, "/api/v1/ledgers/2020/assignments?departmentCode=4111-ZZB"))
			.isEmpty();

		// 学校少年部 reports for the colleges of its task, not for a county
		TestUser school = identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB");
		Assignment college = assignment(as(school), 2020, 7, "漯河医专团委");
		Report reported = body(as(school).post()
			.uri("/api/v1/ledger-assignments/{id}/reports", college.id())
			.bodyValue(Map.of("text", "专职团干部配备率90%", "progress", 70))
			.exchange(), 201, Report.class);
		assertThat(reported.reporterName()).isEqualTo("department_staff@4111-XSB");
		expectProblem(as(school).post()
			.uri("/api/v1/ledger-assignments/{id}/reports", assignment(as(school), 2020, 1, "源汇区团委").id())
			.bodyValue(Map.of("text", "代报"))
			.exchange(), 403, "FORBIDDEN_ROLE");
		expectProblem(as(staff).get().uri("/api/v1/ledger-assignments/{id}", college.id()).exchange(), 403,
				"FORBIDDEN_SCOPE");
	}

	@Test
	void shouldLetOnlyCityAdminsEditATaskAndListTheCurrentLedger() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		List<Ledger> ledgers = items(as(admin), Ledger.class, "/api/v1/ledgers");
		assertThat(ledgers).anySatisfy(l -> assertThat(l.year()).isEqualTo(2020));
		assertThat(ledgers).filteredOn(Ledger::current).hasSize(1);
		long task = taskId(as(admin), 29);
		String original = items(as(admin), Task.class, "/api/v1/ledgers/2020/tasks?limit=200").get(28).person();
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, "411102")).patch()
			.uri("/api/v1/ledger-tasks/{id}", task)
			.bodyValue(Map.of("person", "某人"))
			.exchange(), 403, "FORBIDDEN_ROLE");
		expectProblem(as(admin).patch()
			.uri("/api/v1/ledger-tasks/{id}", task)
			.bodyValue(Map.of("deadline", "2021-03"))
			.exchange(), 400, "VALIDATION_FAILED");
		expectProblem(as(admin).patch()
			.uri("/api/v1/ledger-tasks/{id}", task)
			.bodyValue(Map.of("departmentCode", "4111-XXX", "person", "某人"))
			.exchange(), 400, "VALIDATION_FAILED");
		assertThat(Db.single("SELECT person FROM ledger_task WHERE id = ?", String.class, task)).isEqualTo(original);
		Task edited = body(as(admin).patch()
			.uri("/api/v1/ledger-tasks/{id}", task)
			.bodyValue(Map.of("person", original, "departmentCode", "4111-SLB"))
			.exchange(), 200, Task.class);
		assertThat(edited).extracting(Task::person, Task::department).containsExactly(original, "社联部");
	}

	@Test
	void shouldDrawTheMatrixAndExportTheLedgerInTheDocumentsLayout() throws Exception {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Matrix matrix = body(as(admin).get().uri("/api/v1/ledgers/2020/matrix").exchange(), 200, Matrix.class);
		assertThat(matrix.tasks()).hasSize(29);
		assertThat(matrix.tasks().get(11).cells()).hasSize(8);
		assertThat(matrix.units()).extracting(RollUp::name).contains("源汇区团委", "漯河职院团委", "市直机关团工委");
		assertThat(matrix.departments()).hasSize(5);
		// the business clock is in 2026: every 2020 assignment not done in time is
		// overdue
		assertThat(matrix.flag()).isEqualTo("BLACK");

		byte[] workbook = as(admin).get()
			.uri("/api/v1/ledgers/2020/export?format=xlsx")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(LedgerController.XLSX)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
			Sheet ledger = book.getSheetAt(0);
			assertThat(ledger.getRow(0).getCell(0).getStringCellValue()).isEqualTo("2020年全市团的基层建设基石工程工作台账");
			List<String> header = new ArrayList<>();
			ledger.getRow(1).forEach(cell -> header.add(cell.getStringCellValue()));
			assertThat(header).containsExactly("领域类别", "主要内容", "完成时间", "责任单位", "团市委责任部室", "责任人", "完成情况", "旗帜");
			assertThat(ledger.getLastRowNum()).isEqualTo(1 + 29);
			List<LedgerDocument.Row> document = LedgerDocument.rows();
			for (int i = 0; i < 29; i++) {
				var row = ledger.getRow(i + 2);
				assertThat(row.getCell(1).getStringCellValue()).isEqualTo(document.get(i).content());
				assertThat(row.getCell(2).getStringCellValue()).isEqualTo(document.get(i).deadline());
				assertThat(row.getCell(3).getStringCellValue()).isEqualTo(String.join("\n", document.get(i).units()));
				assertThat(row.getCell(5).getStringCellValue()).isEqualTo(document.get(i).person());
			}
			assertThat(ledger.getRow(2).getCell(0).getStringCellValue()).isEqualTo("中职中学团建");
			// the domain spans its six tasks, as in the document
			assertThat(ledger.getMergedRegions()).anySatisfy(region -> {
				assertThat(region.getFirstRow()).isEqualTo(2);
				assertThat(region.getLastRow()).isEqualTo(7);
				assertThat(region.getFirstColumn()).isZero();
			});
			assertThat(book.getSheetAt(1).getLastRowNum()).isEqualTo(219);
		}
		expectProblem(as(admin).get().uri("/api/v1/ledgers/2020/export?format=pdf").exchange(), 400,
				"VALIDATION_FAILED");
	}

	private static long taskId(WebTestClient client, int position) {
		return items(client, Identified.class, "/api/v1/ledgers/2020/tasks?limit=200").get(position - 1).id();
	}

}
