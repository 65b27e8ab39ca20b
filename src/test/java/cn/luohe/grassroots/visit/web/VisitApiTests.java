package cn.luohe.grassroots.visit.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Problems.FieldError;
import cn.luohe.grassroots.support.Problems.Problem;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.Responses.Person;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.web.VisitTestViews.Need;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING_TOWN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.location;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * The "done when", through the running service, with the clock inside visit week.
 */
class VisitApiTests extends ApiTest {

	@Test
	void shouldRunAVisitFromCheckInToAnsweredNeedAndShowTheDutyDone() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long town = orgId(WUQUAN);

		Visit visit = checkInWithKey(cadre, "visit-1", checkIn(town, "note", "走访舞泉镇团委"), 201, Visit.class);
		assertThat(visit.status()).isEqualTo("IN_PROGRESS");
		assertThat(visit.inVisitWeek()).isTrue();
		assertThat(visit.flags()).isEmpty();
		assertThat(visit.visitedOrgId()).isEqualTo(town);
		assertThat(visit.month()).isEqualTo("2026-12");
		assertThat(visit.receivedAt()).isEqualTo("2026-12-03T09:30:00+08:00");
		assertThat(visit.closesAt()).isEqualTo("2026-12-04T00:00:00+08:00");
		long visitId = visit.id();

		// a replay answers the first response and writes nothing more
		Visit replay = checkInWithKey(cadre, "visit-1", checkIn(town, "note", "走访舞泉镇团委"), 201, Visit.class);
		assertThat(replay.id()).isEqualTo(visit.id());
		assertThat(replay.status()).isEqualTo("IN_PROGRESS");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isEqualTo(1);
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_CHECKED_IN'", visitId))
			.isEqualTo(1);
		// the same key with another body is refused
		expectProblem(sendWithKey(as(cadre), "/api/v1/visits", "visit-1", checkIn(town, "note", "另一次")), 422,
				"IDEMPOTENCY_KEY_REUSED");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isEqualTo(1);

		Visit done = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(List.of("村里缺少青年活动场地", "希望开展电商培训"), "summary", "与青年座谈"), 200, Visit.class);
		assertThat(done.status()).isEqualTo("COMPLETED");
		List<Need> needs = done.needs();
		assertThat(needs).extracting(Need::text).containsExactly("村里缺少青年活动场地", "希望开展电商培训");
		assertThat(needs).allSatisfy(n -> assertThat(n.status()).isEqualTo("OPEN"));
		CheckOut checkedOut = done.checkOut();
		assertThat(checkedOut).as("the check-out").isNotNull();
		assertThat(checkedOut.peopleMet()).isEqualTo(12);
		assertThat(checkedOut.summary()).isEqualTo("与青年座谈");
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_COMPLETED'", visitId))
			.isEqualTo(1);

		List<ComplianceRow> chase = items(as(secretary),
				"/api/v1/visits/compliance?orgId=" + orgId(WUYANG) + "&month=2026-12&limit=200", ComplianceRow.class);
		ComplianceRow cadreRow = row(chase, cadre);
		ComplianceRow colleagueRow = row(chase, colleague);
		assertThat(cadreRow.completed()).isTrue();
		assertThat(cadreRow.visits()).isEqualTo(1);
		assertThat(colleagueRow.completed()).isFalse();
		assertThat(colleagueRow.visits()).isZero();
		assertThat(chase.indexOf(colleagueRow)).as("not-yet first").isLessThan(chase.indexOf(cadreRow));

		long needId = needs.get(0).id();
		Need resolved = post(as(secretary), "/api/v1/needs/" + needId + "/resolve", Map.of("response", "已协调镇政府提供活动室"),
				200, Need.class);
		assertThat(resolved.status()).isEqualTo("RESOLVED");
		assertThat(resolved.response()).isEqualTo("已协调镇政府提供活动室");
		assertThat(resolved.resolvedBy()).isNotNull().extracting(Person::id).isEqualTo(secretary.id());
		assertThat(resolved.heardBy()).isNotNull().extracting(Person::id).isEqualTo(cadre.id());
		expectProblem(send(as(secretary), POST, "/api/v1/needs/" + needId + "/resolve", Map.of("response", "again")),
				409, "NEED_ALREADY_RESOLVED");

		Visit reread = get(as(cadre), "/api/v1/visits/" + visitId, 200, Visit.class);
		assertThat(reread.needs()).extracting(Need::status).containsExactly("RESOLVED", "OPEN");
	}

	@Test
	void shouldAnswerCheckInAndCheckOutWithWhatALaterReadReturns() {
		// the write answers are built from the rows
		// the statements returned, not read back
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		// whole answers compared: read as JSON trees, not typed
		// the answer is built before the write: a device
		// time finer than PostgreSQL keeps is answered as stored
		JsonNode checkedIn = checkInWithKey(cadre, "same-as-read-1",
				checkIn(town, "note", "走访", "photoIds", List.of(), "occurredAt", "2026-12-03T09:10:00.123456789+08:00"),
				201, JsonNode.class);
		assertThat(checkedIn.get("occurredAt").asString()).doesNotContain("789");
		long visitId = checkedIn.get("id").asLong();
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200, JsonNode.class)).isEqualTo(checkedIn);

		// so is the check-out's, with the ids of its needs drawn before the write
		JsonNode checkedOut = post(
				as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of("需求一", "需求二", "需求三"), "summary",
						"座谈", "resolved", List.of("当场解答"), "occurredAt", "2026-12-03T09:25:00.987654321+08:00"),
				200, JsonNode.class);
		assertThat(checkedOut.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(checkedOut.toString()).doesNotContain("987654321");
		assertThat(checkedOut.get("needs")).hasSize(3);
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200, JsonNode.class)).isEqualTo(checkedOut);
	}

	@Test
	void shouldRefuseACheckInOutsideTheCallersCounty() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		expectProblem(send(as(cadre), POST, "/api/v1/visits", checkIn(orgId(LINYING_TOWN))), 403, "FORBIDDEN_SCOPE");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isZero();
	}

	@Test
	void shouldRefuseUsersWithoutAVisitingRole() {
		TestUser manager = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(send(as(manager), POST, "/api/v1/visits", checkIn(orgId(WUQUAN))), 403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldRefuseACountyAsAVisitTarget() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		expectProblem(send(as(cadre), POST, "/api/v1/visits", checkIn(orgId(WUYANG))), 422, "INVALID_VISIT_TARGET");
	}

	@Test
	void shouldRefuseOutOfRangeCoordinatesWithFieldErrorsAndWriteNothing() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		Map<String, Object> body = checkIn(orgId(WUQUAN), "location", Map.of("lat", 91, "lng", -181, "accuracy", -1));
		Problem problem = checkInWithKey(cadre, "bad-coordinates", body, 400, Problem.class);
		assertThat(problem.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(problem.errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("location.lat", "location.lng", "location.accuracy");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isZero();
		assertThat(queryLong("SELECT count(*) FROM idempotency_key WHERE user_id = ?", cadre.id())).isZero();
	}

	@Test
	void shouldBoundTextsListsAndCoordinateSystems() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		Problem problem = post(as(cadre), "/api/v1/visits",
				checkIn(town, "note", "长".repeat(501), "photoIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), "location",
						Map.of("lat", 33.4, "lng", 113.6, "coordSystem", "BD09")),
				400, Problem.class);
		assertThat(problem.errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("note", "photoIds", "location.coordSystem");
		expectProblem(send(as(cadre), POST, "/api/v1/visits", Map.of("location", location(33.4, 113.6))), 400,
				"VALIDATION_FAILED");

		long visitId = post(as(cadre), "/api/v1/visits", checkIn(town), 201, Identified.class).id();
		List<String> tooMany = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "需求" + i).toList();
		Problem outProblem = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(tooMany, "summary", "x".repeat(2001), "peopleMet", -1), 400, Problem.class);
		assertThat(outProblem.errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("needs", "summary", "peopleMet");
		Problem longNeed = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(List.of("ok", "长".repeat(501))), 400, Problem.class);
		assertThat(longNeed.errors()).extracting(FieldError::field).containsExactly("needs[1]");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isZero();
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200, Visit.class).status()).isEqualTo("IN_PROGRESS");
	}

	@Test
	void shouldLetOnlyTheVisitorCheckOutAndOnlyOnce() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		expectProblem(send(as(secretary), POST, "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of())), 403,
				"FORBIDDEN_ROLE");
		expectProblem(send(as(cadre), POST, "/api/v1/visits/999999999/check-out", checkOut(List.of())), 404,
				"NOT_FOUND");

		JsonNode first = checkOutWithKey(cadre, visitId, "out-1", checkOut(List.of("一个需求")), 200, JsonNode.class);
		JsonNode replay = checkOutWithKey(cadre, visitId, "out-1", checkOut(List.of("一个需求")), 200, JsonNode.class);
		assertThat(replay).isEqualTo(first);
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isEqualTo(1);
		expectProblem(send(as(cadre), POST, "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of())), 409,
				"VISIT_NOT_IN_PROGRESS");
	}

	@Test
	void shouldRefuseACheckOutWhoseVisitWasCompletedMeanwhileAndKeepNothingOfIt() throws Exception {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		WebTestClient.ResponseSpec refused;
		try (Connection other = Identities.connect()) {
			// another check-out holds the visit's row, not yet committed: this one's
			// read still finds the visit open, its statement waits on the row
			other.setAutoCommit(false);
			try (PreparedStatement completing = other
				.prepareStatement("UPDATE visit SET status = 'COMPLETED', checked_out_at = now() WHERE id = ?")) {
				completing.setLong(1, visitId);
				assertThat(completing.executeUpdate()).isEqualTo(1);
			}
			CompletableFuture<WebTestClient.ResponseSpec> checkOut = CompletableFuture
				.supplyAsync(() -> sendWithKey(as(cadre), "/api/v1/visits/" + visitId + "/check-out", "out-meanwhile",
						checkOut(List.of("一个需求"))));
			long deadline = System.nanoTime() + 10_000_000_000L;
			// a wait on the other's transaction: its row (pg_locks shows every session's)
			while (queryLong("SELECT count(*) FROM pg_locks WHERE locktype = 'transactionid' AND NOT granted") == 0) {
				assertThat(checkOut).as("the check-out, answered before it waited on the row").isNotDone();
				assertThat(System.nanoTime()).as("the check-out's statement waiting on the row").isLessThan(deadline);
				Thread.sleep(20);
			}
			other.commit();
			refused = checkOut.get(10, TimeUnit.SECONDS);
		}
		expectProblem(refused, 409, "VISIT_NOT_IN_PROGRESS");
		// its one statement failed whole: no key, need, feed event or dirty mark of it
		assertThat(queryLong("SELECT count(*) FROM idempotency_key WHERE user_id = ? AND key = 'out-meanwhile'",
				cadre.id()))
			.isZero();
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isZero();
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_COMPLETED'", visitId))
			.isZero();
		// a retry under the same key is refused by the checks, not replayed
		expectProblem(sendWithKey(as(cadre), "/api/v1/visits/" + visitId + "/check-out", "out-meanwhile",
				checkOut(List.of("一个需求"))), 409, "VISIT_NOT_IN_PROGRESS");
	}

	@Test
	void shouldShowVisitsToTheirVisitorAndTheOverseersOfTheirOrgOnly() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();

		get(as(cadre), "/api/v1/visits/" + visitId, 200, Visit.class);
		get(as(secretary), "/api/v1/visits/" + visitId, 200, Visit.class);
		get(as(leader), "/api/v1/visits/" + visitId, 200, Visit.class);
		expectProblem(send(as(colleague), GET, "/api/v1/visits/" + visitId, null), 403, "FORBIDDEN_ROLE");
		expectProblem(send(as(otherSecretary), GET, "/api/v1/visits/" + visitId, null), 403, "FORBIDDEN_SCOPE");
		expectProblem(send(as(cadre), GET, "/api/v1/visits/999999999", null), 404, "NOT_FOUND");

		String mine = "/api/v1/visits?month=2026-12&userId=" + cadre.id();
		assertThat(ids(as(cadre), mine)).containsExactly(visitId);
		assertThat(ids(as(secretary), mine + "&orgId=" + orgId(WUQUAN))).containsExactly(visitId);
		assertThat(ids(as(colleague), mine)).isEmpty();
		assertThat(ids(as(otherSecretary), mine)).isEmpty();
		assertThat(ids(as(cadre), "/api/v1/visits?month=2026-11&userId=" + cadre.id())).isEmpty();
		assertThat(ids(as(cadre), mine + "&status=COMPLETED")).isEmpty();
		assertThat(ids(as(cadre), mine + "&status=IN_PROGRESS")).hasSize(1);
		expectProblem(send(as(otherSecretary), GET, "/api/v1/visits?orgId=" + orgId(WUQUAN), null), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(send(as(cadre), GET, "/api/v1/visits?status=DONE", null), 400, "VALIDATION_FAILED");
		expectProblem(send(as(cadre), GET, "/api/v1/visits?month=december", null), 400, "VALIDATION_FAILED");
	}

	@Test
	void shouldPageThroughVisitsNewestFirst() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		long early = post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T08:00:00+08:00", "location", location(33.43, 113.60)), 201,
				Identified.class)
			.id();
		long late = post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T09:00:00+08:00", "location", location(33.44, 113.61)), 201,
				Identified.class)
			.id();
		long middle = post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T08:30:00+08:00", "location", location(33.45, 113.62)), 201,
				Identified.class)
			.id();
		String uri = "/api/v1/visits?userId=" + cadre.id() + "&limit=2";
		Page<Identified> first = page(as(cadre), uri);
		assertThat(first.items()).extracting(Identified::id).containsExactly(late, middle);
		Page<Identified> second = page(as(cadre), uri + "&cursor=" + first.nextCursor());
		assertThat(second.items()).extracting(Identified::id).containsExactly(early);
		assertThat(second.nextCursor()).isNull();
		expectProblem(send(as(cadre), GET, uri + "&cursor=nonsense", null), 400, "VALIDATION_FAILED");
	}

	@Test
	void shouldLetOnlyOverseersReadTheComplianceList() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(send(as(cadre), GET, "/api/v1/visits/compliance?orgId=" + orgId(WUYANG), null), 403,
				"FORBIDDEN_ROLE");
		expectProblem(send(as(otherSecretary), GET, "/api/v1/visits/compliance?orgId=" + orgId(WUYANG), null), 403,
				"FORBIDDEN_SCOPE");
		// without a month: the current business month,
		// where the new cadre has not visited yet
		ComplianceRow row = row(items(as(admin), "/api/v1/visits/compliance?orgId=" + orgId(WUYANG) + "&limit=200",
				ComplianceRow.class), cadre);
		assertThat(row.completed()).isFalse();
		expectProblem(send(as(admin), GET, "/api/v1/visits/compliance", null), 400, "VALIDATION_FAILED");
	}

	private <T> T checkInWithKey(TestUser user, String key, Object body, int status, Class<T> type) {
		return read(sendWithKey(as(user), "/api/v1/visits", key, body), status, type);
	}

	private <T> T checkOutWithKey(TestUser user, long visitId, String key, Object body, int status, Class<T> type) {
		return read(sendWithKey(as(user), "/api/v1/visits/" + visitId + "/check-out", key, body), status, type);
	}

	private static WebTestClient.ResponseSpec sendWithKey(WebTestClient client, String uri, String key, Object body) {
		return client.post()
			.uri(uri)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static <T> T read(WebTestClient.ResponseSpec response, int status, Class<T> type) {
		T body = response.expectStatus().isEqualTo(status).expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a %s", type.getSimpleName()).isNotNull();
		return body;
	}

	private static Page<Identified> page(WebTestClient client, String uri) {
		Page<Identified> page = client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Identified.class))
			.returnResult()
			.getResponseBody();
		assertThat(page).as("a page from %s", uri).isNotNull();
		return page;
	}

	private static List<Long> ids(WebTestClient client, String uri) {
		return items(client, uri, Identified.class).stream().map(Identified::id).toList();
	}

	private static ComplianceRow row(List<ComplianceRow> items, TestUser user) {
		return items.stream()
			.filter(item -> item.userId() == user.id())
			.findFirst()
			.orElseThrow(() -> new AssertionError("user " + user.id() + " not in " + items));
	}

	/** A visit, as far as these tests read it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Visit(long id, String status, boolean inVisitWeek, List<String> flags, long visitedOrgId, String month,
			String receivedAt, String closesAt, List<Need> needs, @Nullable CheckOut checkOut) {

		Visit {
			needs = (needs != null) ? needs : List.of();
		}

	}

	/** A row of the compliance list. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ComplianceRow(long userId, boolean completed, int visits) {
	}

	/** A visit's check-out, as far as these tests read it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CheckOut(@Nullable Integer peopleMet, @Nullable String summary) {
	}

}
