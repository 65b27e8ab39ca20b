package cn.luohe.grassroots.leagueorg.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Requests the league organisation tests share. */
final class LeagueOrgFixtures {

	private LeagueOrgFixtures() {
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static WebTestClient.ResponseSpec post(WebTestClient client, String path, Map<String, ?> body) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> created(WebTestClient.ResponseSpec response) {
		return response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
	}

	static long id(Map<String, Object> body) {
		return ((Number) body.get("id")).longValue();
	}

	static long unit(WebTestClient client, long countyId, String kind, Map<String, ?> attributes) {
		Map<String, Object> body = new HashMap<>(attributes);
		body.put("name", unique(kind));
		body.put("countyId", countyId);
		body.put("kind", kind);
		return id(created(post(client, "/api/v1/host-units", body)));
	}

	static long org(WebTestClient client, long hostUnitId, String foundedOn) {
		return id(created(post(client, "/api/v1/league-orgs",
				Map.of("name", unique("团支部"), "type", "BRANCH", "hostUnitId", hostUnitId, "foundedOn", foundedOn))));
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> get(WebTestClient client, String uri) {
		return client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> items(WebTestClient client, String uri) {
		return (List<Map<String, Object>>) get(client, uri).get("items");
	}

	/** The indicator {@code key} of the only county in a coverage answer. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> indicator(Map<String, Object> coverage, String key) {
		List<Map<String, Object>> counties = (List<Map<String, Object>>) coverage.get("counties");
		List<Map<String, Object>> indicators = (List<Map<String, Object>>) counties.get(0).get("indicators");
		return indicators.stream().filter(i -> key.equals(i.get("key"))).findFirst().orElseThrow();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> county(Map<String, Object> coverage) {
		return ((List<Map<String, Object>>) coverage.get("counties")).get(0);
	}

	static long number(Map<String, Object> map, String key) {
		return ((Number) map.get(key)).longValue();
	}

}
