package cn.luohe.grassroots.dashboard.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.web.DashboardTestViews.Reconciliation;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.activity;
import static cn.luohe.grassroots.dashboard.web.DashboardFixtures.createHome;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever sequence of creates, replays, amendments, check-outs, resolutions
 * and delistings goes through the API, the maintained counts equal a recount from the raw
 * records. Each seed is one random sequence; a failure names its seed so it can be
 * replayed.
 */
class ReconciliationApiTests extends ApiTest {

	private static final List<String> TOWNS = List.of("411121102", "411121103", "411121106", "411121107", "411121108");

	@Autowired
	BusinessClock clock;

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 11, 2026, 424242 })
	void shouldKeepTheMaintainedCountsEqualToARecount(long seed) {
		Random random = new Random(seed);
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, "411121"));
		// settle what earlier tests left (they may
		// have written rows by hand) before the run
		reconcile(admin);

		List<TestUser> cadres = List.of(identities().withRole(Role.CADRE, "411121"),
				identities().withRole(Role.CADRE, "411121"));
		List<Long> homes = new ArrayList<>();
		List<TestUser> managers = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			String town = TOWNS.get(random.nextInt(TOWNS.size()));
			long home = createHome(secretary, orgId(town), "属性测试之家 " + seed + "-" + i);
			TestUser manager = identities().newUser("manager " + seed + "-" + i);
			identities().grant(manager, Role.YOUTH_HOME_MANAGER, town, home);
			homes.add(home);
			managers.add(manager);
		}
		List<long[]> openVisits = new ArrayList<>();
		List<long[]> doneVisits = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		Instant base = this.clock.now().minus(Duration.ofHours(30));
		for (int step = 0; step < 30; step++) {
			int op = random.nextInt(7);
			int who = random.nextInt(cadres.size());
			TestUser cadre = cadres.get(who);
			switch (op) {
				case 0, 1 -> {
					String key = "v-" + seed + "-" + step;
					long org = orgId(TOWNS.get(random.nextInt(TOWNS.size())));
					Map<String, Object> body = checkIn(org);
					long visit = postWithKey(as(cadre), "/api/v1/visits", body, key, 201).id();
					if (random.nextBoolean()) {
						// a replay: same key, same body, same visit, counted once
						assertThat(postWithKey(as(cadre), "/api/v1/visits", body, key, 201).id()).isEqualTo(visit);
					}
					openVisits.add(new long[] { visit, who });
				}
				case 2 -> {
					if (!openVisits.isEmpty()) {
						long[] visit = openVisits.remove(random.nextInt(openVisits.size()));
						List<String> needs = new ArrayList<>();
						for (int n = random.nextInt(3); n > 0; n--) {
							needs.add("需求 " + seed + "-" + step + "-" + n);
						}
						post(as(cadres.get((int) visit[1])), "/api/v1/visits/" + visit[0] + "/check-out",
								checkOut(needs), 200, Identified.class);
						doneVisits.add(visit);
					}
				}
				case 3 -> {
					List<long[]> all = new ArrayList<>(openVisits);
					all.addAll(doneVisits);
					if (!all.isEmpty()) {
						long[] visit = all.get(random.nextInt(all.size()));
						long newOrg = orgId(TOWNS.get(random.nextInt(TOWNS.size())));
						as(cadres.get((int) visit[1])).patch()
							.uri("/api/v1/visits/{id}", visit[0])
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(Map.of("visitedOrgId", newOrg))
							.exchange()
							.expectStatus()
							.isOk();
					}
				}
				case 4 -> {
					List<Identified> open = items(secretary,
							"/api/v1/needs?orgId=" + orgId("411121") + "&status=OPEN&limit=20", Identified.class);
					if (!open.isEmpty()) {
						long need = open.get(random.nextInt(open.size())).id();
						post(secretary, "/api/v1/needs/" + need + "/resolve", Map.of("response", "已解决"), 200,
								Identified.class);
					}
				}
				case 5 -> {
					int h = random.nextInt(homes.size());
					String key = (!keys.isEmpty() && random.nextInt(4) == 0) ? keys.get(random.nextInt(keys.size()))
							: "a-" + seed + "-" + step + "-" + h;
					if (!keys.contains(key)) {
						keys.add(key);
					}
					int status = key.endsWith("-" + h) ? 201 : 0;
					// replaying another home's key answers 422 (another request): either
					// outcome is fine here
					as(managers.get(h)).post()
						.uri("/api/v1/youth-homes/{id}/activities", homes.get(h))
						.contentType(MediaType.APPLICATION_JSON)
						.header("Idempotency-Key", key)
						.bodyValue(activity(base.plus(Duration.ofMinutes(step)), 10 + step))
						.exchange()
						.expectStatus()
						.value(code -> assertThat(code).isIn(201, 409, 422, status == 0 ? 201 : status));
				}
				default -> {
					long home = homes.get(random.nextInt(homes.size()));
					String next = random.nextBoolean() ? "DELISTED" : "ACTIVE";
					secretary.patch()
						.uri("/api/v1/youth-homes/{id}", home)
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(Map.of("status", next))
						.exchange()
						.expectStatus()
						.isOk();
				}
			}
		}
		Reconciliation result = reconcile(admin);
		assertThat(result.differences()).as("differences after seed %s", seed).isEmpty();
		assertThat(result.repaired()).isFalse();
	}

	@Test
	void shouldReportAndRepairACountThatWasTamperedWith() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		reconcile(admin);
		String month = this.clock.currentMonth().atDay(1).toString();
		long town = orgId("411121109");
		execute("UPDATE town_month_counts SET visits = visits + 7 WHERE town_id = ? AND month = ?::date", town, month);
		Reconciliation result = reconcile(admin);
		assertThat(result.differences()).anySatisfy(difference -> {
			assertThat(difference.townId()).isEqualTo(town);
			assertThat(difference.field()).isEqualTo("visits");
			assertThat((long) difference.maintained() - difference.recount()).isEqualTo(7);
		});
		assertThat(result.repaired()).isTrue();
		assertThat(reconcile(admin).differences()).isEmpty();
	}

	@Test
	void shouldLetOnlyACityAdminReconcile() {
		WebTestClient leader = as(identities().withRole(Role.CITY_LEADER, "4111"));
		leader.post().uri("/api/v1/dashboards/reconciliations").exchange().expectStatus().isForbidden();
	}

	private Reconciliation reconcile(WebTestClient admin) {
		return post(admin, "/api/v1/dashboards/reconciliations?month=" + this.clock.currentMonth(), Map.of(), 200,
				Reconciliation.class);
	}

	private static Identified postWithKey(WebTestClient client, String uri, Object body, String key, int status) {
		return client.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Idempotency-Key", key)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
	}

}
