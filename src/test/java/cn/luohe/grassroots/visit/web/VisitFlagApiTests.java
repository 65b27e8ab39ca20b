package cn.luohe.grassroots.visit.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.location;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plausibility flags: every odd check-in is kept and flagged, never refused. The clock is
 * fixed at 2026-12-03 09:30 in Shanghai.
 */
class VisitFlagApiTests extends ApiTest {

	/** 西街村 of 舞泉镇: given a known location here and used by no other test. */
	private static final String XIJIE = "411121100210";

	private TestUser cadre;

	private long town;

	@BeforeEach
	void newCadre() {
		this.cadre = identities().withRole(Role.CADRE, WUYANG);
		this.town = orgId(WUQUAN);
	}

	@Test
	void shouldFlagNothingOnAGoodCheckInDuringVisitWeek() {
		assertThat(flags(post(as(this.cadre), "/api/v1/visits", checkIn(this.town), 201))).isEmpty();
	}

	@Test
	void shouldFlagLowAccuracy() {
		Map<String, Object> location = Map.of("lat", 33.437, "lng", 113.609, "accuracy", 850);
		assertThat(flags(post(as(this.cadre), "/api/v1/visits", checkIn(this.town, "location", location), 201)))
			.containsExactly("LOW_ACCURACY");
	}

	@Test
	void shouldFlagTheSameCoordinatesAsThePreviousCheckIn() {
		post(as(this.cadre), "/api/v1/visits", checkIn(this.town, "occurredAt", "2026-12-03T08:00:00+08:00"), 201);
		assertThat(flags(post(as(this.cadre), "/api/v1/visits", checkIn(this.town), 201)))
			.containsExactly("STALE_LOCATION");
	}

	@Test
	void shouldFlagImpossibleTravelFromThePreviousCheckIn() {
		post(as(this.cadre), "/api/v1/visits", checkIn(this.town, "occurredAt", "2026-12-03T09:20:00+08:00"), 201);
		// some 40 km in 10 minutes
		Map<String, Object> far = checkIn(this.town, "location", location(33.58, 114.02));
		assertThat(flags(post(as(this.cadre), "/api/v1/visits", far, 201))).containsExactly("IMPOSSIBLE_TRAVEL");
	}

	@Test
	void shouldFlagACheckInFarFromTheVisitedOrgsKnownLocation() {
		execute("UPDATE org_unit SET lat = 33.437, lng = 113.609 WHERE code = ?", XIJIE);
		long village = orgId(XIJIE);
		TestUser other = identities().withRole(Role.CADRE, WUYANG);
		assertThat(flags(post(as(this.cadre), "/api/v1/visits", checkIn(village), 201))).isEmpty();
		assertThat(flags(post(as(other), "/api/v1/visits", checkIn(village, "location", location(33.58, 114.02)), 201)))
			.containsExactly("FAR_FROM_TARGET");
	}

	@Test
	void shouldCompareAGcj02CheckInWithTheOrgsLocationInOneSystem() {
		execute("UPDATE org_unit SET lat = 33.437, lng = 113.609 WHERE code = ?", XIJIE);
		// 33.437/113.609 in WGS84 reads about 33.4352/113.6149 on a Chinese (GCJ-02) map
		Map<String, Object> gcj = Map.of("lat", 33.43521, "lng", 113.61491, "accuracy", 10, "coordSystem", "GCJ02");
		Map<String, Object> visit = post(as(this.cadre), "/api/v1/visits", checkIn(orgId(XIJIE), "location", gcj), 201);
		assertThat(flags(visit)).isEmpty();
		assertThat(((Map<?, ?>) visit.get("checkIn")).get("coordSystem")).isEqualTo("GCJ02");
	}

	@Test
	void shouldFlagAFastDeviceClockAndRefuseOneFarAhead() {
		Map<String, Object> visit = post(as(this.cadre), "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-12-03T10:00:00+08:00"), 201);
		assertThat(flags(visit)).containsExactly("CLOCK_SKEW");
		assertThat(visit.get("occurredAt")).isEqualTo("2026-12-03T10:00:00+08:00");
		expectProblem(post(as(this.cadre), "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-12-03T11:00:00+08:00"), 422), "OCCURRED_AT_IN_FUTURE");
	}

	@Test
	void shouldKeepALateSyncWithItsDeviceTimeAndRefuseOneTooOld() {
		Map<String, Object> visit = post(as(this.cadre), "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-12-03T07:00:00+08:00"), 201);
		assertThat(flags(visit)).containsExactly("LATE_SYNC");
		assertThat(visit.get("occurredAt")).isEqualTo("2026-12-03T07:00:00+08:00");
		assertThat(visit.get("receivedAt")).isEqualTo("2026-12-03T09:30:00+08:00");
		expectProblem(post(as(this.cadre), "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-11-30T09:29:00+08:00"), 422), "OCCURRED_AT_TOO_OLD");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", this.cadre.id())).isEqualTo(1);
	}

	@Test
	void shouldKeepAVisitOutsideVisitWeekButNotCountItForTheDuty() {
		// captured offline on 30 November, synced on 3 December: November is judged by
		// the device time
		Map<String, Object> visit = post(as(this.cadre), "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-11-30T10:00:00+08:00"), 201);
		assertThat(visit.get("inVisitWeek")).isEqualTo(false);
		assertThat(visit.get("month")).isEqualTo("2026-11");
		assertThat(flags(visit)).containsExactly("OUTSIDE_VISIT_WEEK", "LATE_SYNC");
		// its day ended long ago: it already reads AUTO_CLOSED, yet its offline check-out
		// still completes it
		assertThat(visit.get("status")).isEqualTo("AUTO_CLOSED");
		Map<String, Object> done = post(as(this.cadre), "/api/v1/visits/" + id(visit) + "/check-out",
				checkOut(List.of(), "occurredAt", "2026-11-30T11:30:00+08:00"), 200);
		assertThat(done.get("status")).isEqualTo("COMPLETED");
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		Map<String, Object> november = VisitApiTestsSupport.complianceRow(as(secretary), orgId(WUYANG), "2026-11",
				this.cadre);
		assertThat(november.get("completed")).isEqualTo(false);
		assertThat(november.get("visits")).isEqualTo(0);
	}

	@SuppressWarnings("unchecked")
	private static List<String> flags(Map<String, Object> visit) {
		return (List<String>) visit.get("flags");
	}

}
