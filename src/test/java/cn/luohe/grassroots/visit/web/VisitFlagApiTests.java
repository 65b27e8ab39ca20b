package cn.luohe.grassroots.visit.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.web.VisitTestViews.ComplianceItem;
import cn.luohe.grassroots.visit.web.VisitTestViews.Visit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.location;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.springframework.http.HttpMethod.POST;
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
		assertThat(visit(this.cadre, checkIn(this.town)).flags()).isEmpty();
	}

	@Test
	void shouldFlagLowAccuracy() {
		Map<String, Object> location = Map.of("lat", 33.437, "lng", 113.609, "accuracy", 850);
		assertThat(visit(this.cadre, checkIn(this.town, "location", location)).flags()).containsExactly("LOW_ACCURACY");
	}

	@Test
	void shouldFlagTheSameCoordinatesAsThePreviousCheckIn() {
		visit(this.cadre, checkIn(this.town, "occurredAt", "2026-12-03T08:00:00+08:00"));
		assertThat(visit(this.cadre, checkIn(this.town)).flags()).containsExactly("STALE_LOCATION");
	}

	@Test
	void shouldFlagImpossibleTravelFromThePreviousCheckIn() {
		visit(this.cadre, checkIn(this.town, "occurredAt", "2026-12-03T09:20:00+08:00"));
		// some 40 km in 10 minutes
		Map<String, Object> far = checkIn(this.town, "location", location(33.58, 114.02));
		assertThat(visit(this.cadre, far).flags()).containsExactly("IMPOSSIBLE_TRAVEL");
	}

	@Test
	void shouldFlagACheckInFarFromTheVisitedOrgsKnownLocation() {
		execute("UPDATE org_unit SET lat = 33.437, lng = 113.609 WHERE code = ?", XIJIE);
		long village = orgId(XIJIE);
		TestUser other = identities().withRole(Role.CADRE, WUYANG);
		assertThat(visit(this.cadre, checkIn(village)).flags()).isEmpty();
		assertThat(visit(other, checkIn(village, "location", location(33.58, 114.02))).flags())
			.containsExactly("FAR_FROM_TARGET");
	}

	@Test
	void shouldCompareAGcj02CheckInWithTheOrgsLocationInOneSystem() {
		execute("UPDATE org_unit SET lat = 33.437, lng = 113.609 WHERE code = ?", XIJIE);
		// 33.437/113.609 in WGS84 reads about 33.4352/113.6149 on a Chinese (GCJ-02) map
		Map<String, Object> gcj = Map.of("lat", 33.43521, "lng", 113.61491, "accuracy", 10, "coordSystem", "GCJ02");
		Visit visit = visit(this.cadre, checkIn(orgId(XIJIE), "location", gcj));
		assertThat(visit.flags()).isEmpty();
		assertThat(visit.checkIn().coordSystem()).isEqualTo("GCJ02");
	}

	@Test
	void shouldFlagAFastDeviceClockAndRefuseOneFarAhead() {
		Visit visit = visit(this.cadre, checkIn(this.town, "occurredAt", "2026-12-03T10:00:00+08:00"));
		assertThat(visit.flags()).containsExactly("CLOCK_SKEW");
		assertThat(visit.occurredAt()).isEqualTo("2026-12-03T10:00:00+08:00");
		expectProblem(send(as(this.cadre), POST, "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-12-03T11:00:00+08:00")), 422, "OCCURRED_AT_IN_FUTURE");
	}

	@Test
	void shouldKeepALateSyncWithItsDeviceTimeAndRefuseOneTooOld() {
		Visit visit = visit(this.cadre, checkIn(this.town, "occurredAt", "2026-12-03T07:00:00+08:00"));
		assertThat(visit.flags()).containsExactly("LATE_SYNC");
		assertThat(visit.occurredAt()).isEqualTo("2026-12-03T07:00:00+08:00");
		assertThat(visit.receivedAt()).isEqualTo("2026-12-03T09:30:00+08:00");
		expectProblem(send(as(this.cadre), POST, "/api/v1/visits",
				checkIn(this.town, "occurredAt", "2026-11-30T09:29:00+08:00")), 422, "OCCURRED_AT_TOO_OLD");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", this.cadre.id())).isEqualTo(1);
	}

	@Test
	void shouldKeepAVisitOutsideVisitWeekButNotCountItForTheDuty() {
		// captured offline on 30 November, synced on 3 December: November is judged by
		// the device time
		Visit visit = visit(this.cadre, checkIn(this.town, "occurredAt", "2026-11-30T10:00:00+08:00"));
		assertThat(visit.inVisitWeek()).isFalse();
		assertThat(visit.month()).isEqualTo("2026-11");
		assertThat(visit.flags()).containsExactly("OUTSIDE_VISIT_WEEK", "LATE_SYNC");
		// its day ended long ago: it already reads AUTO_CLOSED, yet its offline check-out
		// still completes it
		assertThat(visit.status()).isEqualTo("AUTO_CLOSED");
		Visit done = post(as(this.cadre), "/api/v1/visits/" + visit.id() + "/check-out",
				checkOut(List.of(), "occurredAt", "2026-11-30T11:30:00+08:00"), 200, Visit.class);
		assertThat(done.status()).isEqualTo("COMPLETED");
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		ComplianceItem november = VisitApiTestsSupport.complianceRow(as(secretary), orgId(WUYANG), "2026-11",
				this.cadre);
		assertThat(november.completed()).isFalse();
		assertThat(november.visits()).isZero();
	}

	/** Checks in as {@code user} (201). */
	private Visit visit(TestUser user, Map<String, Object> checkIn) {
		return post(as(user), "/api/v1/visits", checkIn, 201, Visit.class);
	}

}
