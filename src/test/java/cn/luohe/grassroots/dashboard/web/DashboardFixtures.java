package cn.luohe.grassroots.dashboard.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.awaitility.Awaitility;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Responses.read;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.post;

/**
 * Small helpers for the dashboard API tests: records through the real endpoints, rows by
 * town.
 */
final class DashboardFixtures {

	private DashboardFixtures() {
	}

	static long createHome(WebTestClient secretary, long townId, String name) {
		return ((Number) post(secretary, "/api/v1/youth-homes", Map.of("name", name, "townId", townId), 201).get("id"))
			.longValue();
	}

	static Map<String, Object> activity(Instant start, int participants) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("title", "青年读书会");
		body.put("category", "THEORY_STUDY");
		body.put("startAt", start.toString());
		body.put("endAt", start.plus(Duration.ofHours(2)).toString());
		body.put("participants", participants);
		return body;
	}

	static Map<String, Object> logActivity(WebTestClient manager, long homeId, Map<String, Object> body, String key,
			int expectedStatus) {
		@SuppressWarnings("unchecked")
		Map<String, Object> answer = manager.post()
			.uri("/api/v1/youth-homes/{id}/activities", homeId)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(expectedStatus)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return answer;
	}

	static Map<String, Object> townsDashboard(WebTestClient overseer, long countyId, String month) {
		return get(overseer, "/api/v1/dashboards/towns?countyId=" + countyId + "&month=" + month, 200);
	}

	static Map<String, Object> town(Map<String, Object> dashboard, long townId) {
		return items(dashboard).stream()
			.filter(row -> ((Number) row.get("orgId")).longValue() == townId)
			.findFirst()
			.orElseThrow();
	}

	static long number(Map<String, Object> row, String field) {
		return ((Number) row.get(field)).longValue();
	}

	static String flag(Map<String, Object> row, String flag) {
		TownFlags flags = read(row.get("flags"), TownFlags.class);
		return switch (flag) {
			case "youthHomeActivities" -> flags.youthHomeActivities();
			case "themedEvents" -> flags.themedEvents();
			case "visitCoverage" -> flags.visitCoverage();
			default -> throw new IllegalArgumentException("no flag " + flag);
		};
	}

	/** A town's flags on the dashboards. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownFlags(String youthHomeActivities, String themedEvents, String visitCoverage) {
	}

	/**
	 * Waits (the aggregator settles within a second) until the town row satisfies
	 * {@code until}.
	 */
	static Map<String, Object> awaitTown(WebTestClient overseer, long countyId, String month, long townId,
			Predicate<Map<String, Object>> until) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> town(townsDashboard(overseer, countyId, month), townId), until::test);
	}

	static List<Map<String, Object>> rows(Map<String, Object> dashboard) {
		return items(dashboard);
	}

}
