package cn.luohe.grassroots.visit.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems;
import cn.luohe.grassroots.support.Problems.FieldError;
import cn.luohe.grassroots.support.Responses.Person;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Responses.read;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING_TOWN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.location;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when", through the running service, with the clock inside visit week.
 */
class VisitApiTests extends ApiTest {

	@Test
	@SuppressWarnings("unchecked")
	void shouldRunAVisitFromCheckInToAnsweredNeedAndShowTheDutyDone() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long town = orgId(WUQUAN);

		Map<String, Object> visit = checkInWithKey(cadre, "visit-1", checkIn(town, "note", "走访舞泉镇团委"), 201);
		assertThat(visit.get("status")).isEqualTo("IN_PROGRESS");
		assertThat(visit.get("inVisitWeek")).isEqualTo(true);
		assertThat((List<String>) visit.get("flags")).isEmpty();
		assertThat(visit.get("visitedOrgId")).isEqualTo((int) town);
		assertThat(visit.get("month")).isEqualTo("2026-12");
		assertThat(visit.get("receivedAt")).isEqualTo("2026-12-03T09:30:00+08:00");
		assertThat(visit.get("closesAt")).isEqualTo("2026-12-04T00:00:00+08:00");
		long visitId = id(visit);

		// a replay answers the first response and writes nothing more
		Map<String, Object> replay = checkInWithKey(cadre, "visit-1", checkIn(town, "note", "走访舞泉镇团委"), 201);
		assertThat(replay.get("id")).isEqualTo(visit.get("id"));
		assertThat(replay.get("status")).isEqualTo("IN_PROGRESS");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isEqualTo(1);
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_CHECKED_IN'", visitId))
			.isEqualTo(1);
		// the same key with another body is refused
		expectProblem(checkInWithKey(cadre, "visit-1", checkIn(town, "note", "另一次"), 422), "IDEMPOTENCY_KEY_REUSED");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isEqualTo(1);

		Map<String, Object> done = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(List.of("村里缺少青年活动场地", "希望开展电商培训"), "summary", "与青年座谈"), 200);
		assertThat(done.get("status")).isEqualTo("COMPLETED");
		List<Map<String, Object>> needs = (List<Map<String, Object>>) done.get("needs");
		assertThat(needs).extracting(n -> n.get("text")).containsExactly("村里缺少青年活动场地", "希望开展电商培训");
		assertThat(needs).allSatisfy(n -> assertThat(n.get("status")).isEqualTo("OPEN"));
		CheckOut checkedOut = read(done.get("checkOut"), CheckOut.class);
		assertThat(checkedOut.peopleMet()).isEqualTo(12);
		assertThat(checkedOut.summary()).isEqualTo("与青年座谈");
		assertThat(
				queryLong("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'VISIT_COMPLETED'", visitId))
			.isEqualTo(1);

		Map<String, Object> compliance = get(as(secretary),
				"/api/v1/visits/compliance?orgId=" + orgId(WUYANG) + "&month=2026-12&limit=200", 200);
		List<Map<String, Object>> chase = items(compliance);
		Map<String, Object> cadreRow = row(chase, cadre);
		Map<String, Object> colleagueRow = row(chase, colleague);
		assertThat(cadreRow.get("completed")).isEqualTo(true);
		assertThat(cadreRow.get("visits")).isEqualTo(1);
		assertThat(colleagueRow.get("completed")).isEqualTo(false);
		assertThat(colleagueRow.get("visits")).isEqualTo(0);
		assertThat(chase.indexOf(colleagueRow)).as("not-yet first").isLessThan(chase.indexOf(cadreRow));

		long needId = id(needs.get(0));
		Map<String, Object> resolved = post(as(secretary), "/api/v1/needs/" + needId + "/resolve",
				Map.of("response", "已协调镇政府提供活动室"), 200);
		assertThat(resolved.get("status")).isEqualTo("RESOLVED");
		assertThat(resolved.get("response")).isEqualTo("已协调镇政府提供活动室");
		assertThat(read(resolved.get("resolvedBy"), Person.class).id()).isEqualTo(secretary.id());
		assertThat(read(resolved.get("heardBy"), Person.class).id()).isEqualTo(cadre.id());
		expectProblem(post(as(secretary), "/api/v1/needs/" + needId + "/resolve", Map.of("response", "again"), 409),
				"NEED_ALREADY_RESOLVED");

		Map<String, Object> reread = get(as(cadre), "/api/v1/visits/" + visitId, 200);
		assertThat((List<Map<String, Object>>) reread.get("needs")).extracting(n -> n.get("status"))
			.containsExactly("RESOLVED", "OPEN");
	}

	@Test
	void shouldAnswerCheckInAndCheckOutWithWhatALaterReadReturns() {
		// the write answers are built from the rows
		// the statements returned, not read back
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		Map<String, Object> checkedIn = checkInWithKey(cadre, "same-as-read-1",
				checkIn(town, "note", "走访", "photoIds", List.of()), 201);
		long visitId = id(checkedIn);
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200)).isEqualTo(checkedIn);

		Map<String, Object> checkedOut = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(List.of("需求一", "需求二", "需求三"), "summary", "座谈"), 200);
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200)).isEqualTo(checkedOut);
	}

	@Test
	void shouldRefuseACheckInOutsideTheCallersCounty() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		expectProblem(post(as(cadre), "/api/v1/visits", checkIn(orgId(LINYING_TOWN)), 403), "FORBIDDEN_SCOPE");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isZero();
	}

	@Test
	void shouldRefuseUsersWithoutAVisitingRole() {
		TestUser manager = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(post(as(manager), "/api/v1/visits", checkIn(orgId(WUQUAN)), 403), "FORBIDDEN_ROLE");
	}

	@Test
	void shouldRefuseACountyAsAVisitTarget() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		expectProblem(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUYANG)), 422), "INVALID_VISIT_TARGET");
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldRefuseOutOfRangeCoordinatesWithFieldErrorsAndWriteNothing() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		Map<String, Object> body = checkIn(orgId(WUQUAN), "location", Map.of("lat", 91, "lng", -181, "accuracy", -1));
		Map<String, Object> problem = checkInWithKey(cadre, "bad-coordinates", body, 400);
		expectProblem(problem, "VALIDATION_FAILED");
		assertThat(Problems.read(problem).errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("location.lat", "location.lng", "location.accuracy");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isZero();
		assertThat(queryLong("SELECT count(*) FROM idempotency_key WHERE user_id = ?", cadre.id())).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldBoundTextsListsAndCoordinateSystems() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		Map<String, Object> problem = post(as(cadre), "/api/v1/visits",
				checkIn(town, "note", "长".repeat(501), "photoIds", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), "location",
						Map.of("lat", 33.4, "lng", 113.6, "coordSystem", "BD09")),
				400);
		assertThat(Problems.read(problem).errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("note", "photoIds", "location.coordSystem");
		expectProblem(post(as(cadre), "/api/v1/visits", Map.of("location", location(33.4, 113.6)), 400),
				"VALIDATION_FAILED");

		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(town), 201));
		List<String> tooMany = java.util.stream.IntStream.range(0, 21).mapToObj(i -> "需求" + i).toList();
		Map<String, Object> outProblem = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(tooMany, "summary", "x".repeat(2001), "peopleMet", -1), 400);
		assertThat(Problems.read(outProblem).errors()).extracting(FieldError::field)
			.containsExactlyInAnyOrder("needs", "summary", "peopleMet");
		Map<String, Object> longNeed = post(as(cadre), "/api/v1/visits/" + visitId + "/check-out",
				checkOut(List.of("ok", "长".repeat(501))), 400);
		assertThat(Problems.read(longNeed).errors()).extracting(FieldError::field).containsExactly("needs[1]");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isZero();
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200).get("status")).isEqualTo("IN_PROGRESS");
	}

	@Test
	void shouldLetOnlyTheVisitorCheckOutAndOnlyOnce() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201));
		expectProblem(post(as(secretary), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of()), 403),
				"FORBIDDEN_ROLE");
		expectProblem(post(as(cadre), "/api/v1/visits/999999999/check-out", checkOut(List.of()), 404), "NOT_FOUND");

		Map<String, Object> first = checkOutWithKey(cadre, visitId, "out-1", checkOut(List.of("一个需求")), 200);
		Map<String, Object> replay = checkOutWithKey(cadre, visitId, "out-1", checkOut(List.of("一个需求")), 200);
		assertThat(replay).isEqualTo(first);
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isEqualTo(1);
		expectProblem(post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of()), 409),
				"VISIT_NOT_IN_PROGRESS");
	}

	@Test
	void shouldShowVisitsToTheirVisitorAndTheOverseersOfTheirOrgOnly() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201));

		get(as(cadre), "/api/v1/visits/" + visitId, 200);
		get(as(secretary), "/api/v1/visits/" + visitId, 200);
		get(as(leader), "/api/v1/visits/" + visitId, 200);
		expectProblem(get(as(colleague), "/api/v1/visits/" + visitId, 403), "FORBIDDEN_ROLE");
		expectProblem(get(as(otherSecretary), "/api/v1/visits/" + visitId, 403), "FORBIDDEN_SCOPE");
		expectProblem(get(as(cadre), "/api/v1/visits/999999999", 404), "NOT_FOUND");

		String mine = "/api/v1/visits?month=2026-12&userId=" + cadre.id();
		assertThat(items(get(as(cadre), mine, 200))).extracting(v -> v.get("id")).containsExactly((int) visitId);
		assertThat(items(get(as(secretary), mine + "&orgId=" + orgId(WUQUAN), 200))).extracting(v -> v.get("id"))
			.containsExactly((int) visitId);
		assertThat(items(get(as(colleague), mine, 200))).isEmpty();
		assertThat(items(get(as(otherSecretary), mine, 200))).isEmpty();
		assertThat(items(get(as(cadre), "/api/v1/visits?month=2026-11&userId=" + cadre.id(), 200))).isEmpty();
		assertThat(items(get(as(cadre), mine + "&status=COMPLETED", 200))).isEmpty();
		assertThat(items(get(as(cadre), mine + "&status=IN_PROGRESS", 200))).hasSize(1);
		expectProblem(get(as(otherSecretary), "/api/v1/visits?orgId=" + orgId(WUQUAN), 403), "FORBIDDEN_SCOPE");
		expectProblem(get(as(cadre), "/api/v1/visits?status=DONE", 400), "VALIDATION_FAILED");
		expectProblem(get(as(cadre), "/api/v1/visits?month=december", 400), "VALIDATION_FAILED");
	}

	@Test
	void shouldPageThroughVisitsNewestFirst() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long town = orgId(WUQUAN);
		long early = id(post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T08:00:00+08:00", "location", location(33.43, 113.60)), 201));
		long late = id(post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T09:00:00+08:00", "location", location(33.44, 113.61)), 201));
		long middle = id(post(as(cadre), "/api/v1/visits",
				checkIn(town, "occurredAt", "2026-12-03T08:30:00+08:00", "location", location(33.45, 113.62)), 201));
		String uri = "/api/v1/visits?userId=" + cadre.id() + "&limit=2";
		Map<String, Object> first = get(as(cadre), uri, 200);
		assertThat(items(first)).extracting(v -> v.get("id")).containsExactly((int) late, (int) middle);
		Map<String, Object> second = get(as(cadre), uri + "&cursor=" + first.get("nextCursor"), 200);
		assertThat(items(second)).extracting(v -> v.get("id")).containsExactly((int) early);
		assertThat(second.get("nextCursor")).isNull();
		expectProblem(get(as(cadre), uri + "&cursor=nonsense", 400), "VALIDATION_FAILED");
	}

	@Test
	void shouldLetOnlyOverseersReadTheComplianceList() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(get(as(cadre), "/api/v1/visits/compliance?orgId=" + orgId(WUYANG), 403), "FORBIDDEN_ROLE");
		expectProblem(get(as(otherSecretary), "/api/v1/visits/compliance?orgId=" + orgId(WUYANG), 403),
				"FORBIDDEN_SCOPE");
		// without a month: the current business month,
		// where the new cadre has not visited yet
		Map<String, Object> row = row(
				items(get(as(admin), "/api/v1/visits/compliance?orgId=" + orgId(WUYANG) + "&limit=200", 200)), cadre);
		assertThat(row.get("completed")).isEqualTo(false);
		expectProblem(get(as(admin), "/api/v1/visits/compliance", 400), "VALIDATION_FAILED");
	}

	private Map<String, Object> checkInWithKey(TestUser user, String key, Object body, int status) {
		return exchange(as(user), "/api/v1/visits", key, body, status);
	}

	private Map<String, Object> checkOutWithKey(TestUser user, long visitId, String key, Object body, int status) {
		return exchange(as(user), "/api/v1/visits/" + visitId + "/check-out", key, body, status);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> exchange(WebTestClient client, String uri, String key, Object body, int status) {
		return client.post()
			.uri(uri)
			.header("Idempotency-Key", key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static Map<String, Object> row(List<Map<String, Object>> items, TestUser user) {
		return items.stream()
			.filter(item -> ((Number) item.get("userId")).longValue() == user.id())
			.findFirst()
			.orElseThrow(() -> new AssertionError("user " + user.id() + " not in " + items));
	}

	/** A visit's check-out, as far as these tests read it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CheckOut(@Nullable Integer peopleMet, @Nullable String summary) {
	}

}
