package cn.luohe.grassroots.place.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.geo.ChinaCoordinates;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.internal.PinyinInitials;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.place.PlaceFixtures.COUNTY;
import static cn.luohe.grassroots.place.PlaceFixtures.town;
import static cn.luohe.grassroots.place.PlaceFixtures.village;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.queryString;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

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

		List<Found> byInitials = found(secretary, "/api/v1/orgs/search?q=wyc");
		assertThat(byInitials).extracting(Found::id).contains(wuyi).doesNotContain(other);
		Found found = byInitials.stream().filter(item -> item.id() == wuyi).findFirst().orElseThrow();
		assertThat(found.name()).isEqualTo("五一村");
		assertThat(found.level()).isEqualTo("VILLAGE");
		assertThat(found.townName()).isEqualTo("五一镇");
		assertThat(found.countyName()).isEqualTo("城乡一体化示范区");

		List<Found> byName = found(secretary, "/api/v1/orgs/search?q=五一");
		assertThat(byName).extracting(Found::id).contains(town, wuyi);
		List<String> levels = byName.stream().map(Found::level).toList();
		assertThat(levels.indexOf("VILLAGE")).isGreaterThan(levels.lastIndexOf("TOWN"));
		assertThat(found(secretary, "/api/v1/orgs/search?q=WYC&limit=1")).hasSize(1);
		assertThat(found(secretary, "/api/v1/orgs/search?q=gmc")).extracting(Found::id).contains(other);
	}

	@Test
	void shouldNeverFindAnotherCountysOrgs() {
		long town = town("周庄镇");
		long mine = village("周庄村", town);
		WebTestClient secretary = as(identities().withRole(Role.COUNTY_SECRETARY, COUNTY));
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		WebTestClient linying = as(identities().withRole(Role.COUNTY_SECRETARY, LINYING));

		// the seed has villages named 周庄村村民委员会 in three other counties
		List<Found> own = found(secretary, "/api/v1/orgs/search?q=周庄村");
		assertThat(own).extracting(Found::id).contains(mine);
		assertThat(own).allSatisfy(item -> assertThat(item.countyName()).isEqualTo("城乡一体化示范区"));
		List<Found> theirs = found(linying, "/api/v1/orgs/search?q=周庄村");
		assertThat(theirs).isNotEmpty().allSatisfy(item -> assertThat(item.countyName()).isEqualTo("临颍县"));
		assertThat(found(admin, "/api/v1/orgs/search?q=周庄村")).extracting(Found::countyName)
			.contains("城乡一体化示范区", "临颍县", "源汇区");

		TestUser nobody = identities().newUser("无角色");
		expectProblem(send(as(nobody), GET, "/api/v1/orgs/search?q=zzc", null), 403, "FORBIDDEN_ROLE");
		expectProblem(send(secretary, GET, "/api/v1/orgs/search?q=", null), 400, "VALIDATION_FAILED");
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
		post(as(cadre), "/api/v1/visits", checkIn(village, "location", fix(36.0, 116.0, 5, "WGS84")), 201,
				Identified.class);

		List<Proposal> proposals = items(secretary, "/api/v1/orgs/coordinate-proposals", Proposal.class);
		assertThat(proposals).extracting(Proposal::orgId).contains(village).doesNotContain(few, town);
		Proposal proposal = proposals.stream().filter(p -> p.orgId() == village).findFirst().orElseThrow();
		assertThat(proposal.fixes()).isEqualTo(4);
		assertThat(proposal.lat()).isCloseTo(33.5007, within(2e-5));
		assertThat(proposal.lng()).isCloseTo(113.7006, within(2e-5));

		// only the county's administrators, only their county
		expectProblem(send(as(cadre), POST, "/api/v1/orgs/" + village + "/coordinates", Map.of()), 403,
				"FORBIDDEN_ROLE");
		expectProblem(send(linying, POST, "/api/v1/orgs/" + village + "/coordinates", Map.of()), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(send(linying, GET, "/api/v1/orgs/coordinate-proposals?countyId=" + orgId(COUNTY), null), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(send(secretary, POST, "/api/v1/orgs/" + few + "/coordinates", Map.of()), 422,
				"NO_COORDINATE_PROPOSAL");
		expectProblem(send(secretary, POST, "/api/v1/orgs/" + orgId(COUNTY) + "/coordinates",
				Map.of("lat", 33.5, "lng", 113.7)), 422, "COORDINATES_NOT_APPLICABLE");

		Coordinates confirmed = post(secretary, "/api/v1/orgs/" + village + "/coordinates", Map.of(), 200,
				Coordinates.class);
		assertThat(confirmed.source()).isEqualTo("PROPOSAL");
		assertThat(confirmed.fixes()).isEqualTo(4);
		assertThat(confirmed.previousLat()).isNull();
		assertThat(confirmed.confirmedBy()).isEqualTo(secretaryUser.id());
		assertThat(confirmed.lat()).isCloseTo(33.5007, within(2e-5));
		assertThat(
				queryString("SELECT source || ' ' || changed_by FROM org_coordinate_change WHERE org_id = ?", village))
			.isEqualTo("PROPOSAL " + secretaryUser.id());
		assertThat(items(secretary, "/api/v1/orgs/coordinate-proposals", Proposal.class)).extracting(Proposal::orgId)
			.doesNotContain(village);

		// the far-from-target flag now judges check-ins there
		TestUser other = identities().withRole(Role.CADRE, COUNTY);
		CheckedIn far = post(as(other), "/api/v1/visits", checkIn(village, "location", fix(33.55, 113.75, 10, "WGS84")),
				201, CheckedIn.class);
		assertThat(far.flags()).contains("FAR_FROM_TARGET");

		// nearby finds it from a GCJ-02 fix beside it, within the caller's scope only
		double[] beside = ChinaCoordinates.wgs84ToGcj02(33.5008, 113.7006);
		String near = "/api/v1/orgs/nearby?lat=" + beside[0] + "&lng=" + beside[1] + "&coordSystem=GCJ02";
		List<Nearby> nearby = items(secretary, near, Nearby.class);
		assertThat(nearby).isNotEmpty();
		Nearby first = nearby.stream().filter(item -> item.id() == village).findFirst().orElseThrow();
		assertThat(first.distanceMetres()).isLessThan(30);
		assertThat(items(linying, near, Nearby.class)).extracting(Nearby::id).doesNotContain(village);
		assertThat(items(secretary, "/api/v1/orgs/nearby?lat=33.5007&lng=113.7006&maxDistance=1", Nearby.class))
			.extracting(Nearby::id)
			.contains(village);
		assertThat(items(secretary, "/api/v1/orgs/nearby?lat=34.5&lng=114.7", Nearby.class)).extracting(Nearby::id)
			.doesNotContain(village);

		// a secretary sets a point by hand (GCJ-02 from a map, kept in WGS84): audited
		double[] map = ChinaCoordinates.wgs84ToGcj02(33.45, 113.55);
		Coordinates manual = post(secretary, "/api/v1/orgs/" + few + "/coordinates",
				Map.of("lat", map[0], "lng", map[1], "coordSystem", "GCJ02"), 200, Coordinates.class);
		assertThat(manual.source()).isEqualTo("MANUAL");
		assertThat(manual.fixes()).isNull();
		assertThat(manual.lat()).isCloseTo(33.45, within(2e-5));
		Coordinates moved = post(secretary, "/api/v1/orgs/" + few + "/coordinates", Map.of("lat", 33.46, "lng", 113.56),
				200, Coordinates.class);
		assertThat(moved.previousLat()).isCloseTo(33.45, within(2e-5));
		assertThat(queryLong("SELECT count(*) FROM org_coordinate_change WHERE org_id = ? AND source = 'MANUAL'", few))
			.isEqualTo(2);
	}

	private void visit(TestUser cadre, long orgId, Map<String, Object> location) {
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId, "location", location), 201, Identified.class)
			.id();
		post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of()), 200, Identified.class);
	}

	private static Map<String, Object> fix(double lat, double lng, double accuracy, String system) {
		Map<String, Object> location = new LinkedHashMap<>();
		location.put("lat", lat);
		location.put("lng", lng);
		location.put("accuracy", accuracy);
		location.put("coordSystem", system);
		return location;
	}

	private static List<Found> found(WebTestClient client, String uri) {
		return items(client, uri, Found.class);
	}

	/** A search hit. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Found(long id, String name, String level, @Nullable String townName, @Nullable String countyName) {
	}

	/** A nearby org. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Nearby(long id, long distanceMetres) {
	}

	/** A coordinate proposal. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Proposal(long orgId, int fixes, double lat, double lng) {
	}

	/** The answer of {@code POST /orgs/{id}/coordinates}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Coordinates(String source, @Nullable Integer fixes, double lat, @Nullable Double previousLat,
			long confirmedBy) {
	}

	/** A check-in's answer, for its flags. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record CheckedIn(long id, List<String> flags) {
	}

}
