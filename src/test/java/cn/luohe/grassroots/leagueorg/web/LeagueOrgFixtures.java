package cn.luohe.grassroots.leagueorg.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.CityCoverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Coverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.CountyCoverage;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgTestViews.Indicator;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests the league organisation tests share, and readers of their answers. */
final class LeagueOrgFixtures {

	private LeagueOrgFixtures() {
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static WebTestClient.ResponseSpec post(WebTestClient client, String path, Map<String, ?> body) {
		return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** The answer of a create (201), read as {@code type}. */
	static <T> T created(WebTestClient.ResponseSpec response, Class<T> type) {
		T body = response.expectStatus().isCreated().expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a created %s", type.getSimpleName()).isNotNull();
		return body;
	}

	static long unit(WebTestClient client, long countyId, String kind, Map<String, ?> attributes) {
		Map<String, Object> body = new HashMap<>(attributes);
		body.put("name", unique(kind));
		body.put("countyId", countyId);
		body.put("kind", kind);
		return created(post(client, "/api/v1/host-units", body), Identified.class).id();
	}

	static long org(WebTestClient client, long hostUnitId, String foundedOn) {
		return created(post(client, "/api/v1/league-orgs",
				Map.of("name", unique("团支部"), "type", "BRANCH", "hostUnitId", hostUnitId, "foundedOn", foundedOn)),
				Identified.class)
			.id();
	}

	/** The answer of {@code GET uri} (200), read as {@code type}. */
	static <T> T get(WebTestClient client, String uri, Class<T> type) {
		T body = client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
		assertThat(body).as("a %s from %s", type.getSimpleName(), uri).isNotNull();
		return body;
	}

	/** The items of the page {@code uri} answers (200), read as {@code item}. */
	static <T> List<T> items(WebTestClient client, String uri, Class<T> item) {
		Page<T> page = client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(item))
			.returnResult()
			.getResponseBody();
		assertThat(page).as("a page from %s", uri).isNotNull();
		return page.items();
	}

	/** The coverage dashboard at {@code uri}. */
	static Coverage coverage(WebTestClient client, String uri) {
		return get(client, uri, Coverage.class);
	}

	/** The indicator {@code key} of the only county in a coverage answer. */
	static Indicator indicator(Coverage coverage, String key) {
		return county(coverage).indicators()
			.stream()
			.filter(i -> key.equals(i.key()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no indicator " + key));
	}

	/** The first county of a coverage answer. */
	static CountyCoverage county(Coverage coverage) {
		return coverage.counties().get(0);
	}

	/** The city's line of a coverage answer; fails when it has none. */
	static CityCoverage city(Coverage coverage) {
		assertThat(coverage.city()).as("the city's line").isNotNull();
		return coverage.city();
	}

}
