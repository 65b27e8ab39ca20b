package cn.luohe.grassroots.visit.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.Responses.Person;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.web.VisitTestViews.Need;
import cn.luohe.grassroots.visit.web.VisitTestViews.VisitNeeds;
import org.junit.jupiter.api.Test;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.location;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/** 事事有记录、件件有解答: every need heard is listed until answered. */
class NeedApiTests extends ApiTest {

	/** 东街村 of 舞泉镇, 舞阳县. */
	private static final String DONGJIE = "411121100209";

	@Test
	void shouldListOpenNeedsOldestFirstAndResolvedOnesLatestAnsweredFirst() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long village = orgId(DONGJIE);
		List<Long> first = needIds(visitWithNeeds(cadre, village, 33.40, List.of("路灯", "活动室")));
		List<Long> second = needIds(visitWithNeeds(cadre, village, 33.41, List.of("就业培训")));
		// the second visit's need was heard earlier (an older record synced late)
		execute("UPDATE need SET created_at = created_at - interval '2 days' WHERE id = ?", second.get(0));
		Set<Long> mine = Set.of(first.get(0), first.get(1), second.get(0));

		List<Long> open = walk(secretary, "/api/v1/needs?status=OPEN&limit=1&orgId=" + village, mine);
		assertThat(open).containsExactly(second.get(0), first.get(0), first.get(1));

		post(as(secretary), "/api/v1/needs/" + first.get(1) + "/resolve", Map.of("response", "已安装"), 200, Need.class);
		post(as(secretary), "/api/v1/needs/" + second.get(0) + "/resolve", Map.of("response", "已对接人社局"), 200,
				Need.class);
		execute("UPDATE need SET resolved_at = resolved_at - interval '1 hour' WHERE id = ?", first.get(1));

		assertThat(walk(secretary, "/api/v1/needs?status=OPEN&orgId=" + village, mine)).containsExactly(first.get(0));
		assertThat(walk(secretary, "/api/v1/needs?status=RESOLVED&limit=1&orgId=" + village, mine))
			.containsExactly(second.get(0), first.get(1));
		Need answered = items(as(secretary), "/api/v1/needs?status=RESOLVED&orgId=" + village, Need.class).stream()
			.filter(n -> n.id() == second.get(0))
			.findFirst()
			.orElseThrow();
		assertThat(answered.response()).isEqualTo("已对接人社局");
		assertThat(answered.resolvedBy()).isNotNull()
			.extracting(Person::displayName)
			.isEqualTo(secretary.displayName());
		assertThat(answered.month()).isEqualTo("2026-12");
		assertThat(queryLong("SELECT count(*) FROM feed_event WHERE type = 'NEED_RESOLVED' AND record_id = ?",
				second.get(0)))
			.isEqualTo(1);
	}

	@Test
	void shouldShowNeedsToTheirVisitorAndTheOverseersOfTheirOrgOnly() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		long need = needIds(visitWithNeeds(cadre, orgId(DONGJIE), 33.42, List.of("图书角"))).get(0);
		Set<Long> mine = Set.of(need);

		assertThat(walk(cadre, "/api/v1/needs?status=OPEN", mine)).containsExactly(need);
		assertThat(walk(leader, "/api/v1/needs?status=OPEN&orgId=" + orgId(WUYANG), mine)).containsExactly(need);
		assertThat(walk(colleague, "/api/v1/needs?status=OPEN", mine)).isEmpty();
		assertThat(walk(otherSecretary, "/api/v1/needs", mine)).isEmpty();
		expectProblem(send(as(otherSecretary), GET, "/api/v1/needs?orgId=" + orgId(DONGJIE), null), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(send(as(cadre), GET, "/api/v1/needs?status=DONE", null), 400, "VALIDATION_FAILED");

		expectProblem(send(as(colleague), POST, "/api/v1/needs/" + need + "/resolve", Map.of("response", "x")), 403,
				"FORBIDDEN_ROLE");
		expectProblem(send(as(otherSecretary), POST, "/api/v1/needs/" + need + "/resolve", Map.of("response", "x")),
				403, "FORBIDDEN_SCOPE");
		expectProblem(send(as(cadre), POST, "/api/v1/needs/" + need + "/resolve", Map.of("response", " ")), 400,
				"VALIDATION_FAILED");
		expectProblem(send(as(cadre), POST, "/api/v1/needs/999999999/resolve", Map.of("response", "x")), 404,
				"NOT_FOUND");
		// the visitor who heard it may answer it
		assertThat(post(as(cadre), "/api/v1/needs/" + need + "/resolve", Map.of("response", "已送去图书"), 200, Need.class)
			.status()).isEqualTo("RESOLVED");
	}

	private VisitNeeds visitWithNeeds(TestUser cadre, long orgId, double lat, List<String> needs) {
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId, "location", location(lat, 113.6)), 201,
				Identified.class)
			.id();
		return post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(needs), 200, VisitNeeds.class);
	}

	private static List<Long> needIds(VisitNeeds visit) {
		return visit.needs().stream().map(Need::id).toList();
	}

	/**
	 * Every page of a need list, keeping only {@code mine} (other tests share the
	 * database).
	 */
	private List<Long> walk(TestUser user, String uri, Set<Long> mine) {
		List<Long> ids = new ArrayList<>();
		String cursor = null;
		do {
			Page<Identified> page = as(user).get()
				.uri(uri + ((cursor != null) ? "&cursor=" + cursor : ""))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Responses.page(Identified.class))
				.returnResult()
				.getResponseBody();
			assertThat(page).isNotNull();
			page.items().stream().map(Identified::id).filter(mine::contains).forEach(ids::add);
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return ids;
	}

}
