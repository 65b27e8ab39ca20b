package cn.luohe.grassroots.visit.web;

import java.util.List;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.queryString;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 19's round trips: a check-in is one statement and no transaction (its idempotency
 * key with the stored answer, the visit, its feed event and dirty mark); so is a
 * check-out (key, completion, needs, feed event, dirty mark). Counted on an instance
 * whose connections record their statements; adding a statement fails this test.
 */
class VisitRoundTripTests extends RoundTripTest {

	@Test
	void shouldCheckInWithOneStatement() {
		TestUser cadre = new Identities(client).withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		statements.clear();

		long visit = checkIn(cadre, "round-trips-1", town).id();

		List<List<String>> written = statements.transactionsWith("INSERT INTO visit");
		assertThat(written).hasSize(1);
		assertThat(written.getFirst()).singleElement()
			.asString()
			.contains("claim_idempotency_key", "INSERT INTO visit", "INSERT INTO feed_event",
					"INSERT INTO count_dirty");
		assertThat(queryString("SELECT response_body FROM idempotency_key WHERE user_id = ? AND key = 'round-trips-1'",
				cadre.id()))
			.contains("\"id\":" + visit);
		// the one statement wrote all three rows
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_CHECKED_IN'", visit))
			.isEqualTo(1);
		assertThat(queryLong("SELECT count(*) FROM count_dirty WHERE visitor_id = ? AND town_id = ?", cadre.id(), town))
			.isEqualTo(1);

		// a replay writes nothing: the key's claim fails
		// its statement, whose every row rolls back
		assertThat(checkIn(cadre, "round-trips-1", town).id()).isEqualTo(visit);
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isEqualTo(1);
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE actor_user_id = ? AND type = 'VISIT_CHECKED_IN'",
				cadre.id()))
			.isEqualTo(1);
		assertThat(queryLong("SELECT count(*) FROM count_dirty WHERE visitor_id = ? AND town_id = ?", cadre.id(), town))
			.isEqualTo(1);
	}

	@Test
	void shouldCheckOutWithItsNeedsInOneStatement() {
		TestUser cadre = new Identities(client).withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		long visit = checkIn(cadre, "round-trips-out-1", town).id();
		statements.clear();

		VisitTestViews.VisitNeeds completed = checkOut(cadre, visit, "round-trips-out-2", List.of("缺少篮球场", "希望开设夜校"));

		List<List<String>> written = statements.transactionsWith("UPDATE visit");
		assertThat(written).hasSize(1);
		assertThat(written.getFirst()).singleElement()
			.asString()
			.contains("claim_idempotency_key", "UPDATE visit", "INSERT INTO need", "INSERT INTO feed_event",
					"INSERT INTO count_dirty", "require_written");
		assertThat(queryString("SELECT response_body FROM idempotency_key WHERE user_id = ? AND key = ?", cadre.id(),
				"round-trips-out-2"))
			.contains("缺少篮球场", "\"status\":\"COMPLETED\"");
		// the answer names the needs as stored, in the order heard
		assertThat(completed.needs()).extracting(VisitTestViews.Need::text).containsExactly("缺少篮球场", "希望开设夜校");
		assertThat(String.join(",", completed.needs().stream().map(need -> String.valueOf(need.id())).toList()))
			.isEqualTo(queryString("SELECT string_agg(id::text, ',' ORDER BY position) FROM need WHERE visit_id = ?",
					visit));
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_COMPLETED'", visit))
			.isEqualTo(1);

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(checkOut(cadre, visit, "round-trips-out-2", List.of("缺少篮球场", "希望开设夜校")).needs())
			.isEqualTo(completed.needs());
		assertThat(statements.transactionsWith("UPDATE visit")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visit)).isEqualTo(2);

		// answering a need: key, the answer with its feed event and dirty mark, stored
		// answer
		long need = completed.needs().getFirst().id();
		statements.clear();
		VisitTestViews.Need answered = resolve(cadre, need, "round-trips-resolve");
		expectKeyStatementAnswer("UPDATE need", "UPDATE need", "INSERT INTO feed_event", "INSERT INTO count_dirty");
		assertThat(answered.status()).isEqualTo("RESOLVED");
		assertThat(answered.response()).isEqualTo("已协调镇政府解决");
		assertThat(answered.resolvedBy()).isNotNull();
		assertThat(answered.heardBy()).isNotNull();
		assertThat(answered.resolvedBy().displayName()).isEqualTo(answered.heardBy().displayName()).isNotBlank();
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'NEED_RESOLVED'", need))
			.isEqualTo(1);
		// a replay answers the first response; another key finds it answered
		statements.clear();
		assertThat(resolve(cadre, need, "round-trips-resolve")).isEqualTo(answered);
		assertThat(statements.transactionsWith("UPDATE need")).isEmpty();
		client.post()
			.uri("/api/v1/needs/{id}/resolve", need)
			.header("Authorization", cadre.bearer())
			.header("Idempotency-Key", "round-trips-resolve-again")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(java.util.Map.of("response", "已协调镇政府解决"))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NEED_ALREADY_RESOLVED");
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'NEED_RESOLVED'", need))
			.isEqualTo(1);
	}

	private static VisitTestViews.Need resolve(TestUser user, long need, String key) {
		return client.post()
			.uri("/api/v1/needs/{id}/resolve", need)
			.header("Authorization", user.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(java.util.Map.of("response", "已协调镇政府解决"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(VisitTestViews.Need.class)
			.returnResult()
			.getResponseBody();
	}

	private static VisitTestViews.VisitNeeds checkOut(TestUser user, long visit, String key, List<String> needs) {
		return client.post()
			.uri("/api/v1/visits/{id}/check-out", visit)
			.header("Authorization", user.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(cn.luohe.grassroots.visit.VisitFixtures.checkOut(needs))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(VisitTestViews.VisitNeeds.class)
			.returnResult()
			.getResponseBody();
	}

	private static VisitId checkIn(TestUser user, String key, long orgId) {
		return created(user, key, cn.luohe.grassroots.visit.VisitFixtures.checkIn(orgId, "note", "走访"), VisitId.class,
				"/api/v1/visits");
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitId(long id) {
	}

}
