package cn.luohe.grassroots.ledger.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import cn.luohe.grassroots.ledger.web.LedgerTestViews.Report;
import cn.luohe.grassroots.support.BlockHoundExtension;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.StatementLog;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
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
@ExtendWith(BlockHoundExtension.class)
class LedgerRoundTripTests {

	private static final StatementLog statements = new StatementLog();

	private static ServiceInstance instance;

	private static WebTestClient client;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // a context start on a busy box
	static void start() {
		instance = ServiceInstance.start(Map.of(), statements);
		client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(20))
			.filter(new ContractValidator())
			.build();
	}

	@AfterAll
	static void stop() {
		if (instance != null) {
			instance.close();
		}
	}

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

		List<List<String>> transactions = statements.transactionsWith("INSERT INTO ledger_report");
		assertThat(transactions).hasSize(1);
		List<String> transaction = transactions.get(0);
		assertThat(transaction).hasSize(3);
		assertThat(transaction.get(0)).contains("INSERT INTO idempotency_key");
		assertThat(transaction.get(1)).contains("UPDATE ledger_assignment", "INSERT INTO ledger_report",
				"INSERT INTO feed_event");
		assertThat(transaction.get(2)).contains("UPDATE idempotency_key");
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

}
