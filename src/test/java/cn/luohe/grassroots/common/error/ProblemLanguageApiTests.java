package cn.luohe.grassroots.common.error;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems.FieldError;
import cn.luohe.grassroots.support.Problems.Problem;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance corpus of errors, each provoked through the running service twice: with
 * no {@code Accept-Language} every title, detail and field message is Simplified Chinese
 * (has Han characters), with {@code Accept-Language: en} none has any.
 */
class ProblemLanguageApiTests extends ApiTest {

	private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

	private static final Pattern LATIN = Pattern.compile("[A-Za-z]");

	@Test
	void shouldAnswerEveryProblemOfTheCorpusInChineseByDefaultAndInEnglishWhenAsked() {
		TestUser nobody = identities().newUser("无角色用户");
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of()), 200, Identified.class);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser guesser = identities().newUser("猜码者");
		for (int i = 0; i < 10; i++) {
			as(guesser).post().uri("/api/v1/invitations/{code}/redeem", "ABCDEFGHJK" + (40 + i)).exchange();
		}

		Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> corpus = new LinkedHashMap<>();
		corpus.put("404 no such endpoint", c -> c.get().uri("/api/v1/no/such/thing").exchange());
		corpus.put("404 unknown org", c -> c.get().uri("/api/v1/orgs/999999999").exchange());
		corpus.put("404 unknown invitation", c -> c.post().uri("/api/v1/invitations/ZZZZZZZZZZ99/redeem").exchange());
		corpus.put("400 bean validation",
				c -> c.post()
					.uri("/test/probe")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"name\": \"\", \"count\": 9}")
					.exchange());
		corpus.put("400 size",
				c -> c.post()
					.uri("/test/probe")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"name\": \"abcdefghijklmnop\", \"count\": 1}")
					.exchange());
		corpus.put("400 field of a feature",
				c -> c.get().uri("/api/v1/orgs/{id}/children?limit=0", orgId(WUYANG)).exchange());
		corpus.put("400 enum of a feature",
				c -> c.get().uri("/api/v1/reports/monthly?month=2026-11&format=pdf").exchange());
		corpus.put("400 missing parameter", c -> c.get().uri("/api/v1/orgs/nearby?lat=33.5").exchange());
		corpus.put("400 type mismatch", c -> c.get().uri("/api/v1/orgs/nearby?lat=north&lng=113").exchange());
		corpus.put("400 malformed JSON",
				c -> c.post()
					.uri("/test/probe")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"name\": ")
					.exchange());
		corpus.put("400 missing body",
				c -> c.post().uri("/test/probe").contentType(MediaType.APPLICATION_JSON).exchange());
		corpus.put("405", c -> c.get().uri("/test/probe").exchange());
		corpus.put("415",
				c -> c.post().uri("/test/probe").contentType(MediaType.TEXT_PLAIN).bodyValue("name=x").exchange());
		corpus.put("500", c -> c.get().uri("/test/boom").exchange());

		Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> asNobody = new LinkedHashMap<>();
		asNobody.put("403 no role", c -> c.get().uri("/api/v1/orgs/{id}", orgId(WUYANG)).exchange());

		Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> asCadre = new LinkedHashMap<>();
		asCadre.put("409 checked out twice",
				c -> c.post()
					.uri("/api/v1/visits/{id}/check-out", visitId)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(checkOut(List.of()))
					.exchange());
		asCadre.put("422 visit target",
				c -> c.post()
					.uri("/api/v1/visits")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(checkIn(orgId(WUYANG)))
					.exchange());
		asCadre.put("403 role", c -> c.get().uri("/api/v1/orgs/coordinate-proposals").exchange());

		Map<String, Function<WebTestClient, WebTestClient.ResponseSpec>> asOther = new LinkedHashMap<>();
		asOther.put("403 scope", c -> c.get().uri("/api/v1/orgs/{id}/children", orgId(WUQUAN)).exchange());

		List<String> seen = new ArrayList<>();
		for (boolean english : new boolean[] { false, true }) {
			check(seen, english, "401 no token", client(english).get().uri("/api/v1/me").exchange());
			check(seen, english, "401 bad token",
					client(english).get().uri("/api/v1/me").header("Authorization", "Bearer nope").exchange());
			corpus.forEach((name, call) -> check(seen, english, name, call.apply(as(secretary, english))));
			asNobody.forEach((name, call) -> check(seen, english, name, call.apply(as(nobody, english))));
			asCadre.forEach((name, call) -> check(seen, english, name, call.apply(as(cadre, english))));
			asOther.forEach((name, call) -> check(seen, english, name, call.apply(as(otherSecretary, english))));
			check(seen, english, "429",
					as(guesser, english).post().uri("/api/v1/invitations/{code}/redeem", "ABCDEFGHJK99").exchange());
		}
		assertThat(seen).contains("400:VALIDATION_FAILED", "400:MALFORMED_REQUEST", "401:UNAUTHENTICATED",
				"403:FORBIDDEN_ROLE", "403:FORBIDDEN_SCOPE", "404:NOT_FOUND", "404:INVITATION_NOT_FOUND",
				"405:METHOD_NOT_ALLOWED", "409:VISIT_NOT_IN_PROGRESS", "415:UNSUPPORTED_MEDIA_TYPE",
				"422:INVALID_VISIT_TARGET", "429:RATE_LIMITED", "500:INTERNAL_ERROR");
	}

	private WebTestClient as(TestUser user, boolean english) {
		return english ? as(user).mutate().defaultHeader(HttpHeaders.ACCEPT_LANGUAGE, "en").build() : as(user);
	}

	private WebTestClient client(boolean english) {
		return english ? client().mutate().defaultHeader(HttpHeaders.ACCEPT_LANGUAGE, "en-US,en;q=0.9").build()
				: client();
	}

	private static void check(List<String> seen, boolean english, String name, WebTestClient.ResponseSpec response) {
		Problem problem = response.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(Problem.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).as(name).isNotNull();
		seen.add(problem.status() + ":" + problem.code());
		List<String> texts = new ArrayList<>(List.of(problem.title(), String.valueOf(problem.detail())));
		problem.errors().stream().map(FieldError::message).forEach(texts::add);
		if (name.startsWith("400 bean") || name.startsWith("400 size") || name.startsWith("400 field")
				|| name.startsWith("400 enum") || name.startsWith("400 missing param")) {
			assertThat(problem.errors()).as(name + " lists its fields").isNotEmpty();
		}
		for (String text : texts) {
			if (english) {
				assertThat(HAN.matcher(text).find()).as("%s in English: %s", name, problem).isFalse();
				assertThat(LATIN.matcher(text).find()).as("%s in English: %s", name, problem).isTrue();
			}
			else {
				assertThat(HAN.matcher(text).find()).as("%s in Chinese: %s", name, problem).isTrue();
			}
		}
	}

}
