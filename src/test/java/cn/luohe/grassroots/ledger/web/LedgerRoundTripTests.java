package cn.luohe.grassroots.ledger.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Report;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.ledger.LedgerFixtures.assignment;
import static cn.luohe.grassroots.ledger.LedgerFixtures.body;
import static cn.luohe.grassroots.support.Responses.read;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ledger progress report's transaction holds at most three statements (issue 19): its
 * idempotency key, the assignment's new state with the report, its photos and feed event
 * in one {@code WITH} statement (which moves the assignment only from the state it was
 * judged in), and the stored answer. The assignment, its unit, task and measured figures,
 * the caller's scope and the photos' ownership are read and judged before it. Counted on
 * an instance whose connections record their statements; adding a statement fails this
 * test. 召陵区团委's assignment of the 2020 ledger's task 12 is reported on by no other test.
 */
class LedgerRoundTripTests extends RoundTripTest {

	@Test
	void shouldReportWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, "411104");
		WebTestClient zhaoling = client.mutate().defaultHeader("Authorization", secretary.bearer()).build();
		Assignment target = assignment(zhaoling, 2020, 12, "召陵区团委");
		String uri = "/api/v1/ledger-assignments/" + target.id() + "/reports";
		Map<String, Object> report = Map.of("text", "往返测试：已走访12个村团支部", "numbers",
				List.of(Map.of("label", "走访团支部", "value", 12)));
		statements.clear();

		JsonNode first = body(
				zhaoling.post().uri(uri).header("Idempotency-Key", "round-trips-report").bodyValue(report).exchange(),
				201, JsonNode.class);

		expectKeyStatementAnswer("INSERT INTO ledger_report", "UPDATE ledger_assignment", "INSERT INTO ledger_report",
				"INSERT INTO feed_event");
		Report stored = read(first, Report.class);
		Assignment after = Objects.requireNonNull(stored.assignment(), "the report's assignment");
		assertThat(Db.single("SELECT status FROM ledger_assignment WHERE id = ?", String.class, target.id()))
			.isEqualTo(after.status());
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type IN ('LEDGER_PROGRESS',"
				+ " 'LEDGER_DONE')", stored.id()))
			.isOne();

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(body(
				zhaoling.post().uri(uri).header("Idempotency-Key", "round-trips-report").bodyValue(report).exchange(),
				201, JsonNode.class))
			.isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO ledger_report")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", target.id())).isOne();
	}

	/**
	 * Reports sent at once on one assignment, each moving its progress, all judged on the
	 * same state: the first moves it, each other one finds it moved, is judged again and
	 * written after it (no lock held across the judging), so every report is answered 201
	 * and stored once. 源汇区团委's assignment of task 12 is reported on by no other test.
	 */
	@Test
	void shouldWriteEveryOneOfConcurrentReportsOnOneAssignment() throws Exception {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, "411102");
		WebTestClient yuanhui = client.mutate().defaultHeader("Authorization", secretary.bearer()).build();
		Assignment target = assignment(yuanhui, 2020, 12, "源汇区团委");
		String uri = "/api/v1/ledger-assignments/" + target.id() + "/reports";
		// one report first: the instance's first request reads and caches what the burst
		// shares (a cold cache's lock would be reported by BlockHound)
		body(yuanhui.post().uri(uri).bodyValue(Map.of("text", "并发前的填报", "progress", 5)).exchange(), 201,
				JsonNode.class);
		int reports = 4;
		ExecutorService pool = Executors.newFixedThreadPool(reports);
		try {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < reports; i++) {
				Map<String, Object> report = Map.of("text", "并发填报 " + i, "progress", 10 * (i + 1));
				statuses.add(pool.submit(() -> yuanhui.post()
					.uri(uri)
					.bodyValue(report)
					.exchange()
					.returnResult(String.class)
					.getStatus()
					.value()));
			}
			for (Future<Integer> status : statuses) {
				assertThat(status.get(60, TimeUnit.SECONDS)).isEqualTo(201);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(Db.count("SELECT count(*) FROM ledger_report WHERE assignment_id = ?", target.id()))
			.isEqualTo(reports + 1);
		// the assignment stands as the last report written left it
		assertThat(Db.count("""
				SELECT count(*) FROM ledger_assignment a
				 WHERE a.id = ? AND a.status = 'IN_PROGRESS'
				   AND a.progress = (SELECT r.progress FROM ledger_report r WHERE r.assignment_id = a.id
				                      ORDER BY r.id DESC LIMIT 1)
				""", target.id())).isOne();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEDGER_PROGRESS' AND record_id IN"
				+ " (SELECT id FROM ledger_report WHERE assignment_id = ?)", target.id()))
			.isEqualTo(reports + 1);
	}

	/**
	 * A supervision's transaction holds at most three statements: its idempotency key,
	 * the supervision with its feed event in one {@code WITH} statement, and the stored
	 * answer; the assignment, its flag and the caller's right to supervise are judged
	 * before it. 西城区团委's assignment of task 12, long overdue and under a black flag, is
	 * supervised by no other test.
	 */
	@Test
	void shouldSuperviseWithThreeStatementsInItsTransaction() {
		TestUser admin = new Identities(client).withRole(Role.CITY_ADMIN, "4111");
		WebTestClient city = client.mutate().defaultHeader("Authorization", admin.bearer()).build();
		Assignment target = assignment(city, 2020, 12, "西城区团委");
		assertThat(target.flag()).isEqualTo("BLACK");
		String uri = "/api/v1/ledger-assignments/" + target.id() + "/supervisions";
		Map<String, Object> interview = Map.of("kind", "INTERVIEW", "heldOn",
				instance.context().getBean(BusinessClock.class).today().minusDays(1).toString(), "participants",
				"团市委组织部", "findings", "往返测试：未开展摸底", "actions", "两周内完成摸底");
		statements.clear();

		JsonNode first = body(city.post()
			.uri(uri)
			.header("Idempotency-Key", "round-trips-supervision")
			.bodyValue(interview)
			.exchange(), 201, JsonNode.class);

		expectKeyStatementAnswer("INSERT INTO ledger_supervision", "INSERT INTO ledger_supervision",
				"INSERT INTO feed_event");
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEDGER_SUPERVISION' AND record_id = ?",
				first.get("id").asLong()))
			.isOne();

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(body(city.post()
			.uri(uri)
			.header("Idempotency-Key", "round-trips-supervision")
			.bodyValue(interview)
			.exchange(), 201, JsonNode.class)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO ledger_supervision")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM ledger_supervision WHERE assignment_id = ?", target.id())).isOne();
	}

	/**
	 * A ledger's copy into a new year: key, the copy (ledger, tasks and assignments in
	 * one statement), stored answer. The year 2099 is copied by no other test.
	 */
	@Test
	void shouldCopyALedgerWithThreeStatementsInItsTransaction() {
		TestUser admin = new Identities(client).withRole(Role.CITY_ADMIN, "4111");
		WebTestClient city = client.mutate().defaultHeader("Authorization", admin.bearer()).build();
		Map<String, Object> request = Map.of("year", 2099, "copyFrom", 2020);
		statements.clear();

		JsonNode first = body(city.post()
			.uri("/api/v1/ledgers")
			.header("Idempotency-Key", "round-trips-ledger-copy")
			.bodyValue(request)
			.exchange(), 201, JsonNode.class);

		expectKeyStatementAnswer("INSERT INTO ledger ", "INSERT INTO ledger ", "INSERT INTO ledger_task",
				"INSERT INTO ledger_assignment");
		assertThat(first.get("year").asInt()).isEqualTo(2099);
		assertThat(Db.count("SELECT count(*) FROM ledger_task WHERE year = 2099"))
			.isEqualTo(Db.count("SELECT count(*) FROM ledger_task WHERE year = 2020"))
			.isPositive();
		assertThat(Db.count("SELECT count(*) FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id"
				+ " WHERE t.year = 2099"))
			.isEqualTo(Db.count("SELECT count(*) FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id"
					+ " WHERE t.year = 2020"));
		assertThat(Db.count(
				"SELECT count(*) FROM ledger_task WHERE year = 2099" + " AND extract(year FROM deadline_month) = 2099"))
			.isEqualTo(Db.count("SELECT count(*) FROM ledger_task WHERE year = 2099"));

		// a replay writes nothing and answers the first response; another key finds the
		// year taken
		statements.clear();
		assertThat(body(city.post()
			.uri("/api/v1/ledgers")
			.header("Idempotency-Key", "round-trips-ledger-copy")
			.bodyValue(request)
			.exchange(), 201, JsonNode.class)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO ledger ")).isEmpty();
		body(city.post()
			.uri("/api/v1/ledgers")
			.header("Idempotency-Key", "round-trips-ledger-copy-again")
			.bodyValue(request)
			.exchange(), 409, JsonNode.class);
	}

}
