package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.PlanCache;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check-out's read draws as many need ids as the check-out has needs, and is planned
 * once per connection rather than on every check-out.
 */
class VisitRepositoryTests extends ApiTest {

	@Autowired
	ApplicationContext context;

	@Test
	void shouldDrawOneNeedIdPerNeedWithAReadPlannedOncePerConnection() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		List<Integer> needs = List.of(0, 1, 2, 20, 3, 0, 5, 20, 1, 7, 4, 2);
		List<List<Long>> drawn = new ArrayList<>();
		try (PlanCache session = PlanCache.open(this.context, "visit", "org_unit")) {
			VisitRepository visits = new VisitRepository(session.client());

			for (int count : needs) {
				drawn.add(visits.checkOutSurroundings(visitId, count).block(Duration.ofSeconds(10)).needIds());
			}

			// drawn from generate_series(1, :needs), the read was planned on every
			// check-out (12 custom plans here)
			assertThat(session.plans("SELECT v.id")).isEqualTo(new PlanCache.Plans(7, 5));
		}
		assertThat(drawn).extracting(List::size).containsExactlyElementsOf(needs);
		List<Long> all = drawn.stream().flatMap(List::stream).toList();
		assertThat(all).doesNotHaveDuplicates().isSorted();
	}

}
