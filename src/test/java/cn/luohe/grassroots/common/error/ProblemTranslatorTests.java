package cn.luohe.grassroots.common.error;

import java.util.Arrays;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTranslatorTests extends ApiTest {

	private WebTestClient signedIn;

	@BeforeEach
	void signIn() {
		this.signedIn = as(identities().newUser("problem prober"));
	}

	@Test
	void shouldAnswerMalformedJsonWith400() {
		post("{\"name\": ").expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST")
			.jsonPath("$.status")
			.isEqualTo(400);
	}

	/**
	 * PostgreSQL stores no NUL in text: a body text or query value holding one failed the
	 * write (500 INTERNAL_ERROR) instead of being refused as an invalid field.
	 */
	@Test
	void shouldRefuseNulInTextsAsAnInvalidField() {
		post("{\"name\": \"a\\u0000b\", \"count\": 1}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("name")
			.jsonPath("$.errors[0].message")
			.isEqualTo("不能包含空字符（U+0000）");
		as(identities().withRole(Role.COUNTY_SECRETARY, "411122")).get()
			.uri(uri -> uri.path("/api/v1/orgs/search").queryParam("q", "{q}").build("\u0000"))
			.header(HttpHeaders.ACCEPT_LANGUAGE, "en")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("q")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must not contain the NUL character (U+0000)");
	}

	/**
	 * Valid JSON with a value of the wrong type: the field is named in the reader's
	 * language, and the detail says a field is wrong, not that the JSON is invalid.
	 */
	@Test
	void shouldNameAWronglyTypedFieldInTheReadersLanguage() {
		this.signedIn.post()
			.uri("/test/probe")
			.header(HttpHeaders.ACCEPT_LANGUAGE, "en")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"name\": \"x\", \"count\": 5.5}")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST")
			.jsonPath("$.detail")
			.isEqualTo("A field of the request has the wrong type or format")
			.jsonPath("$.errors[0].field")
			.isEqualTo("count")
			.jsonPath("$.errors[0].message")
			.isEqualTo("has the wrong type or format (dates and times are ISO-8601 strings)");
		post("{\"name\": \"x\", \"count\": 5.5}").expectBody()
			.jsonPath("$.detail")
			.isEqualTo("请求中有字段的类型或格式不符")
			.jsonPath("$.errors[0].message")
			.isEqualTo("类型或格式不符（日期和时间须为 ISO-8601 字符串）");
	}

	@Test
	void shouldListEveryInvalidField() {
		post("{\"name\": \"\", \"count\": 9}").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			.jsonPath("$.errors[?(@.field == 'name')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'count')]")
			.exists();
	}

	@Test
	void shouldAnswerAMissingBodyWith400() {
		this.signedIn.post()
			.uri("/test/probe")
			.contentType(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void shouldAnswerUnknownRoutesWith404() {
		this.signedIn.get()
			.uri("/api/v1/no-such-thing")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	/**
	 * NOT_FOUND's text names what was not found ({0}); a path no route answers gave the
	 * template unfilled ("{0}不存在").
	 */
	@Test
	void shouldNameWhatAnUnknownRouteDidNotFindInBothLanguages() {
		for (String language : new String[] { "zh-CN", "en" }) {
			for (HttpMethod method : new HttpMethod[] { HttpMethod.GET, HttpMethod.POST }) {
				String uri = (method == HttpMethod.GET) ? "/api/v1/no-such-thing" : "/api/v1/no-such-things/3/void";
				String detail = this.signedIn.method(method)
					.uri(uri)
					.header(HttpHeaders.ACCEPT_LANGUAGE, language)
					.exchange()
					.expectStatus()
					.isNotFound()
					.expectBody(Problems.Problem.class)
					.returnResult()
					.getResponseBody()
					.detail();
				assertThat(detail).as(method + " " + uri + " in " + language)
					.doesNotContain("{")
					.isEqualTo(language.equals("en") ? "The requested resource not found" : "请求的资源不存在");
			}
		}
	}

	@Test
	void shouldAnswerTheWrongMediaTypeWith415() {
		this.signedIn.post()
			.uri("/test/probe")
			.contentType(MediaType.TEXT_PLAIN)
			.bodyValue("name=x")
			.exchange()
			.expectStatus()
			.isEqualTo(415)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNSUPPORTED_MEDIA_TYPE");
	}

	@Test
	void shouldRefuseBodiesOverOneMebibyteWith413() {
		char[] big = new char[1024 * 1024 + 10];
		Arrays.fill(big, 'a');
		post("{\"name\": \"" + new String(big) + "\"}").expectStatus()
			.isEqualTo(413)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("PAYLOAD_TOO_LARGE");
	}

	@Test
	void shouldHideInternalsOfUnexpectedErrors() {
		String body = this.signedIn.get()
			.uri("/test/boom")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("\"code\":\"INTERNAL_ERROR\"")
			.doesNotContain("SELECT")
			.doesNotContain("secret_idx")
			.doesNotContain("IllegalStateException")
			.doesNotContain("at cn.luohe");
	}

	@Test
	void shouldNeverAnswerWithAnHtmlPage() {
		this.signedIn.get()
			.uri("/nothing/here")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	private WebTestClient.ResponseSpec post(String json) {
		return this.signedIn.post()
			.uri("/test/probe")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(json)
			.exchange();
	}

}
