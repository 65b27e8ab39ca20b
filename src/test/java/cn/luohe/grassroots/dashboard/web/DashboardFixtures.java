package cn.luohe.grassroots.dashboard.web;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import cn.luohe.grassroots.dashboard.web.DashboardTestViews.TownRow;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.TownsDashboard;
import cn.luohe.grassroots.support.Responses.Identified;
import org.awaitility.Awaitility;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.post;

/**
 * Small helpers for the dashboard API tests: records through the real endpoints, rows by
 * town.
 */
final class DashboardFixtures {

	private DashboardFixtures() {
	}

	static long createHome(WebTestClient secretary, long townId, String name) {
		return post(secretary, "/api/v1/youth-homes", Map.of("name", name, "townId", townId), 201, Identified.class)
			.id();
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

	/** Logs an activity (201); the activity logged. */
	static Identified logActivity(WebTestClient manager, long homeId, Map<String, Object> body, String key) {
		Identified activity = activityRequest(manager, homeId, body, key).expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
		if (activity == null) {
			throw new AssertionError("no activity in the answer");
		}
		return activity;
	}

	/** A request to log an activity, its answer still to be read. */
	static WebTestClient.ResponseSpec activityRequest(WebTestClient manager, long homeId, Map<String, Object> body,
			String key) {
		return manager.post()
			.uri("/api/v1/youth-homes/{id}/activities", homeId)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.bodyValue(body)
			.exchange();
	}

	static TownsDashboard townsDashboard(WebTestClient overseer, long countyId, String month) {
		return get(overseer, "/api/v1/dashboards/towns?countyId=" + countyId + "&month=" + month, 200,
				TownsDashboard.class);
	}

	static TownRow town(TownsDashboard dashboard, long townId) {
		return dashboard.items().stream().filter(row -> row.orgId() == townId).findFirst().orElseThrow();
	}

	/**
	 * Waits (the aggregator settles within a second) until the town row satisfies
	 * {@code until}.
	 */
	static TownRow awaitTown(WebTestClient overseer, long countyId, String month, long townId,
			Predicate<TownRow> until) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> town(townsDashboard(overseer, countyId, month), townId), until::test);
	}

}
