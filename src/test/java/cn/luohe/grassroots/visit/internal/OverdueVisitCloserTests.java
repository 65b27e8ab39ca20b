package cn.luohe.grassroots.visit.internal;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.queryString;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.springframework.http.HttpMethod.POST;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A visit left open is closed at the end of its day. The clock is fixed at 2026-12-03
 * 09:30 in Shanghai, so a check-in captured on 2 December is already past its day.
 */
class OverdueVisitCloserTests extends ApiTest {

	@Autowired
	private OverdueVisitCloser closer;

	@Test
	void shouldReadAnOpenVisitPastItsDayAsAutoClosedBeforeAnySweep() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = yesterdaysOpenVisit(cadre);
		assertThat(get(as(cadre), "/api/v1/visits/" + visitId, 200, VisitStatus.class).status())
			.isEqualTo("AUTO_CLOSED");
		assertThat(items(as(cadre), "/api/v1/visits?status=AUTO_CLOSED&userId=" + cadre.id(), VisitStatus.class))
			.extracting(VisitStatus::id)
			.containsExactly(visitId);
		assertThat(items(as(cadre), "/api/v1/visits?status=IN_PROGRESS&userId=" + cadre.id(), VisitStatus.class))
			.isEmpty();
		expectProblem(send(as(cadre), POST, "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of("需求"))), 409,
				"VISIT_NOT_IN_PROGRESS");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ?", visitId)).isZero();
	}

	@Test
	void shouldCloseOverdueVisitsAndMarkTheirTownMonthsDirty() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long dirtyBefore = dirtyMarks();
		long overdue = yesterdaysOpenVisit(cadre);
		long today = post(as(cadre), "/api/v1/visits",
				checkIn(orgId(WUQUAN), "location", Map.of("lat", 33.44, "lng", 113.61)), 201, VisitStatus.class)
			.id();

		// the background sweep may have been first: either way the visit ends up closed
		this.closer.closeOverdue().block();

		assertThat(storedStatus(overdue)).isEqualTo("AUTO_CLOSED");
		assertThat(queryString("SELECT auto_closed_at IS NOT NULL FROM visit WHERE id = ?", overdue)).isEqualTo("t");
		assertThat(storedStatus(today)).isEqualTo("IN_PROGRESS");
		// two check-ins and one closing, each marking the town's December dirty
		assertThat(dirtyMarks()).isGreaterThanOrEqualTo(dirtyBefore + 3);
		// closing again finds nothing of this visit left to do, and nothing changes
		this.closer.closeOverdue().block();
		assertThat(storedStatus(overdue)).isEqualTo("AUTO_CLOSED");
		assertThat(get(as(cadre), "/api/v1/visits/" + overdue, 200, VisitStatus.class).status())
			.isEqualTo("AUTO_CLOSED");
		expectProblem(send(as(cadre), POST, "/api/v1/visits/" + overdue + "/check-out", checkOut(List.of())), 409,
				"VISIT_NOT_IN_PROGRESS");
	}

	@Test
	void shouldNotCountAnAutoClosedVisitForTheDuty() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		yesterdaysOpenVisit(cadre);
		this.closer.closeOverdue().block();
		Compliance row = items(as(secretary),
				"/api/v1/visits/compliance?limit=200&month=2026-12&orgId=" + orgId(WUYANG), Compliance.class)
			.stream()
			.filter(item -> item.userId() == cadre.id())
			.findFirst()
			.orElseThrow();
		assertThat(row.completed()).isFalse();
	}

	private long yesterdaysOpenVisit(TestUser cadre) {
		VisitStatus visit = post(as(cadre), "/api/v1/visits",
				checkIn(orgId(WUQUAN), "occurredAt", "2026-12-02T15:00:00+08:00"), 201, VisitStatus.class);
		assertThat(visit.closesAt()).isEqualTo("2026-12-03T00:00:00+08:00");
		return visit.id();
	}

	private static String storedStatus(long visitId) {
		return queryString("SELECT status FROM visit WHERE id = ?", visitId);
	}

	private static long dirtyMarks() {
		return queryLong("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = DATE '2026-12-01'",
				orgId(WUQUAN));
	}

	/** A visit read for its status and the end of its day. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitStatus(long id, String status, String closesAt) {
	}

	/** A user's line of the visit compliance list. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Compliance(long userId, boolean completed) {
	}

}
