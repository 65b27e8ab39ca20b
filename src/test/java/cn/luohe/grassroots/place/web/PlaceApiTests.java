package cn.luohe.grassroots.place.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.geo.ChinaCoordinates;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.internal.PinyinInitials;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.place.PlaceFixtures.COUNTY;
import static cn.luohe.grassroots.place.PlaceFixtures.town;
import static cn.luohe.grassroots.place.PlaceFixtures.village;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Finding the place through the running service: search by name and pinyin initials,
 * nearby, and coordinates proposed by check-ins and confirmed by the county secretary;
 * never beyond the caller's scope.
 */
class PlaceApiTests extends ApiTest {

	private static final String LINYING = "411122";

	@Test
	void shouldComputeThePinyinInitialsOfANameAsASearcherTypesThem() {
		assertThat(PinyinInitials.of("五一村")).isEqualTo("wyc");
		assertThat(PinyinInitials.of("舞泉镇")).isEqualTo("wqz");
		assertThat(PinyinInitials.of("A区1号")).isEqualTo("aq1h");
	}

	@Test
	void shouldFindOrgsByNameFragmentAndByPinyinInitialsTownsFirst() {
		long town = town("五一镇");
		long wuyi = village("五一村", town);
		long other = village("光明村", town);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, COUNTY));

		List<Map<String, Object>> byInitials = items(get(secretary, "/api/v1/orgs/search?q=wyc", 200));
		assertThat(byInitials).extracting(item -> id(item)).contains(wuyi).doesNotContain(other);
		Map<String, Object> found = byInitials.stream().filter(item -> id(item) == wuyi).findFirst().orElseThrow();
		assertThat(found).containsEntry("name", "五一村")
			.containsEntry("level", "VILLAGE")
			.containsEntry("townName", "五一镇")
			.containsEntry("countyName", "城乡一体化示范区");

		List<Map<String, Object>> byName = items(get(secretary, "/api/v1/orgs/search?q=五一", 200));
		assertThat(byName).extracting(item -> id(item)).contains(town, wuyi);
		List<String> levels = byName.stream().map(item -> (String) item.get("level")).toList();
		assertThat(levels.indexOf("VILLAGE")).isGreaterThan(levels.lastIndexOf("TOWN"));
		assertThat(items(get(secretary, "/api/v1/orgs/search?q=WYC&limit=1", 200))).hasSize(1);
		assertThat(items(get(secretary, "/api/v1/orgs/search?q=gmc", 200))).extracting(item -> id(item))
			.contains(other);
	}

	@Test
	void shouldNeverFindAnotherCountysOrgs() {
		long town = town("周庄镇");
		long mine = village("周庄村", town);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, COUNTY));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		WebTestClient linying = as(identities().withRole(Role.COUNTY_SECRETARY, LINYING));

		// the seed has villages named 周庄村村民委员会 in three other counties
		List<Map<String, Object>> own = items(get(secretary, "/api/v1/orgs/search?q=周庄村", 200));
		assertThat(own).extracting(item -> id(item)).contains(mine);
		assertThat(own).allSatisfy(item -> assertThat(item.get("countyName")).isEqualTo("城乡一体化示范区"));
		List<Map<String, Object>> theirs = items(get(linying, "/api/v1/orgs/search?q=周庄村", 200));
		assertThat(theirs).isNotEmpty().allSatisfy(item -> assertThat(item.get("countyName")).isEqualTo("临颍县"));
		assertThat(items(get(admin, "/api/v1/orgs/search?q=周庄村", 200))).extracting(item -> item.get("countyName"))
			.contains("城乡一体化示范区", "临颍县", "源汇区");

		TestUser nobody = identities().newUser("无角色");
		expectProblem(get(as(nobody), "/api/v1/orgs/search?q=zzc", 403), "FORBIDDEN_ROLE");
		assertThat(get(secretary, "/api/v1/orgs/search?q=", 400)).containsEntry("code", "VALIDATION_FAILED");
	}

	@Test
	void shouldProposeTheMedianOfAccurateCheckInsAndUseItOnceConfirmed() {
		long town = town("红星镇");
		long village = village("红星村", town);
		long few = village("少签村", town);
		TestUser cadre = identities().withRole(Role.CADRE, COUNTY);
		TestUser secretaryUser = identities().withRole(Role.COUNTY_SECRETARY, COUNTY);
		WebTestClient secretary = as(secretaryUser);
		WebTestClient linying = as(identities().withRole(Role.COUNTY_SECRETARY, LINYING));

		visit(cadre, village, fix(33.5000, 113.7000, 10, "WGS84"));
		visit(cadre, village, fix(33.5010, 113.7010, 50, "WGS84"));
		visit(cadre, village, fix(33.6000, 113.9000, 100, "WGS84"));
		// a GCJ-02 fix is taken in WGS84: this one reads 33.5004/113.7002 there
		double[] gcj = ChinaCoordinates.wgs84ToGcj02(33.5004, 113.7002);
		visit(cadre, village, fix(gcj[0], gcj[1], 20, "GCJ02"));
		visit(cadre, few, fix(33.4, 113.5, 10, "WGS84"));
		visit(cadre, few, fix(33.4, 113.5, 10, "WGS84"));
		// not counted: an inaccurate fix, a visit still in progress
		visit(cadre, village, fix(35.0, 115.0, 500, "WGS84"));
		post(as(cadre), "/api/v1/visits", checkIn(village, "location", fix(36.0, 116.0, 5, "WGS84")), 201);

		List<Map<String, Object>> proposals = items(get(secretary, "/api/v1/orgs/coordinate-proposals", 200));
		assertThat(proposals).extracting(p -> ((Number) p.get("orgId")).longValue())
			.contains(village)
			.doesNotContain(few, town);
		Map<String, Object> proposal = proposals.stream()
			.filter(p -> ((Number) p.get("orgId")).longValue() == village)
			.findFirst()
			.orElseThrow();
		assertThat(proposal.get("fixes")).isEqualTo(4);
		assertThat(((Number) proposal.get("lat")).doubleValue()).isCloseTo(33.5007, within(2e-5));
		assertThat(((Number) proposal.get("lng")).doubleValue()).isCloseTo(113.7006, within(2e-5));

		// only the county's administrators, only their county
		expectProblem(post(as(cadre), "/api/v1/orgs/" + village + "/coordinates", Map.of(), 403), "FORBIDDEN_ROLE");
		expectProblem(post(linying, "/api/v1/orgs/" + village + "/coordinates", Map.of(), 403), "FORBIDDEN_SCOPE");
		expectProblem(get(linying, "/api/v1/orgs/coordinate-proposals?countyId=" + orgId(COUNTY), 403),
				"FORBIDDEN_SCOPE");
		expectProblem(post(secretary, "/api/v1/orgs/" + few + "/coordinates", Map.of(), 422), "NO_COORDINATE_PROPOSAL");
		expectProblem(post(secretary, "/api/v1/orgs/" + orgId(COUNTY) + "/coordinates",
				Map.of("lat", 33.5, "lng", 113.7), 422), "COORDINATES_NOT_APPLICABLE");

		Map<String, Object> confirmed = post(secretary, "/api/v1/orgs/" + village + "/coordinates", Map.of(), 200);
		assertThat(confirmed).containsEntry("source", "PROPOSAL")
			.containsEntry("fixes", 4)
			.containsEntry("previousLat", null)
			.containsEntry("confirmedBy", (int) secretaryUser.id());
		assertThat(((Number) confirmed.get("lat")).doubleValue()).isCloseTo(33.5007, within(2e-5));
		assertThat(
				queryString("SELECT source || ' ' || changed_by FROM org_coordinate_change WHERE org_id = ?", village))
			.isEqualTo("PROPOSAL " + secretaryUser.id());
		assertThat(items(get(secretary, "/api/v1/orgs/coordinate-proposals", 200)))
			.extracting(p -> ((Number) p.get("orgId")).longValue())
			.doesNotContain(village);

		// the far-from-target flag now judges check-ins there
		TestUser other = identities().withRole(Role.CADRE, COUNTY);
		Map<String, Object> far = post(as(other), "/api/v1/visits",
				checkIn(village, "location", fix(33.55, 113.75, 10, "WGS84")), 201);
		assertThat(far.get("flags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains("FAR_FROM_TARGET");

		// nearby finds it from a GCJ-02 fix beside it, within the caller's scope only
		double[] beside = ChinaCoordinates.wgs84ToGcj02(33.5008, 113.7006);
		String near = "/api/v1/orgs/nearby?lat=" + beside[0] + "&lng=" + beside[1] + "&coordSystem=GCJ02";
		List<Map<String, Object>> nearby = items(get(secretary, near, 200));
		assertThat(nearby).isNotEmpty();
		Map<String, Object> first = nearby.stream().filter(item -> id(item) == village).findFirst().orElseThrow();
		assertThat(((Number) first.get("distanceMetres")).longValue()).isLessThan(30);
		assertThat(items(get(linying, near, 200))).extracting(item -> id(item)).doesNotContain(village);
		assertThat(items(get(secretary, "/api/v1/orgs/nearby?lat=33.5007&lng=113.7006&maxDistance=1", 200)))
			.extracting(item -> id(item))
			.contains(village);
		assertThat(items(get(secretary, "/api/v1/orgs/nearby?lat=34.5&lng=114.7", 200))).extracting(item -> id(item))
			.doesNotContain(village);

		// a secretary sets a point by hand (GCJ-02 from a map, kept in WGS84): audited
		double[] map = ChinaCoordinates.wgs84ToGcj02(33.45, 113.55);
		Map<String, Object> manual = post(secretary, "/api/v1/orgs/" + few + "/coordinates",
				Map.of("lat", map[0], "lng", map[1], "coordSystem", "GCJ02"), 200);
		assertThat(manual).containsEntry("source", "MANUAL").containsEntry("fixes", null);
		assertThat(((Number) manual.get("lat")).doubleValue()).isCloseTo(33.45, within(2e-5));
		Map<String, Object> moved = post(secretary, "/api/v1/orgs/" + few + "/coordinates",
				Map.of("lat", 33.46, "lng", 113.56), 200);
		assertThat(((Number) moved.get("previousLat")).doubleValue()).isCloseTo(33.45, within(2e-5));
		assertThat(queryLong("SELECT count(*) FROM org_coordinate_change WHERE org_id = ? AND source = 'MANUAL'", few))
			.isEqualTo(2);
	}

	private void visit(TestUser cadre, long orgId, Map<String, Object> location) {
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId, "location", location), 201));
		post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of()), 200);
	}

	private static Map<String, Object> fix(double lat, double lng, double accuracy, String system) {
		Map<String, Object> location = new LinkedHashMap<>();
		location.put("lat", lat);
		location.put("lng", lng);
		location.put("accuracy", accuracy);
		location.put("coordSystem", system);
		return location;
	}

}
