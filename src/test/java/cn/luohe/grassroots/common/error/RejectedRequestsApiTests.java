package cn.luohe.grassroots.common.error;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before any handler sees them (Spring Security's firewall, Netty's
 * decoder, an actuator endpoint's bare 404) still leave as problem+json with a code.
 * Written on a raw socket: an HTTP client would normalise or refuse these requests.
 */
class RejectedRequestsApiTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@ParameterizedTest(name = "{0} {1} -> {2} {3}")
	@CsvSource({ "GET, /api/v1/orgs%2F4111, 400, REQUEST_REJECTED",
			"GET, /api/v1/orgs/../actuator/health, 400, REQUEST_REJECTED",
			"GET, /api/v1/orgs/%00, 400, REQUEST_REJECTED", "GET, /api/v1/orgs;jsessionid=1, 400, REQUEST_REJECTED",
			"GET, //api/v1/orgs, 400, REQUEST_REJECTED", "GET, /api/v1/orgs/%27%3B--, 400, REQUEST_REJECTED",
			"TRACE, /api/v1/orgs, 405, METHOD_NOT_ALLOWED", "GET, /actuator/health/nope, 404, NOT_FOUND" })
	void shouldAnswerARejectedRequestWithAProblem(String method, String path, int status, String code)
			throws IOException {
		Answer answer = send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		answer.expect(status, code);
	}

	/**
	 * The firewall's rules for what the service reads (common.security.RequestFirewall):
	 * a control character in a header's value or a parameter's name is refused; Chinese
	 * text is not. (Netty refuses a C0 control or a bad header name before the firewall.)
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({ "C1 control in the token, 400, REQUEST_REJECTED", "control in a parameter name, 400, REQUEST_REJECTED",
			"Chinese parameter, 200, " })
	void shouldApplyTheFirewallsCharacterRules(String what, int status, String code) throws IOException {
		String bearer = identities().withRole(Role.CITY_ADMIN, "4111").bearer();
		String authorization = what.equals("C1 control in the token") ? bearer + "\u0085" : bearer;
		String query = switch (what) {
			case "control in a parameter name" -> "?a%01=1";
			case "Chinese parameter" -> "?%E5%90%8D=%E5%80%BC";
			default -> "";
		};
		Answer answer = send("GET /api/v1/dashboards/city" + query + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
				+ authorization + "\r\nConnection: close\r\n\r\n");
		if (code == null) {
			assertThat(answer.status()).as(answer.head()).isEqualTo(status);
		}
		else {
			answer.expect(status, code);
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "request line too long, 414, URI_TOO_LONG", "headers too large, 431, HEADERS_TOO_LARGE",
			"malformed request line, 400, MALFORMED_REQUEST" })
	void shouldAnswerWhatNettyCannotDecodeWithAProblem(String what, int status, String code) throws IOException {
		String request = switch (what) {
			case "request line too long" ->
				"GET /api/v1/orgs?q=" + "x".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
			case "headers too large" -> "GET /api/v1/orgs HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "y".repeat(20000)
					+ "\r\nConnection: close\r\n\r\n";
			default -> "GARBAGE\r\n\r\n";
		};
		send(request).expect(status, code);
	}

	@Test
	void shouldRefuseARepeatedQueryParameter() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Problems
			.expectProblem(
					as(admin).get().uri("/api/v1/dashboards/towns?countyId=5&countyId=6&month=2026-01").exchange(), 400,
					"VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("countyId");
	}

	private Answer send(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(15_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			byte[] chunk = new byte[8192];
			int read;
			while ((read = in.read(chunk)) != -1) {
				all.write(chunk, 0, read);
				if (complete(all.toString(StandardCharsets.UTF_8))) {
					break;
				}
			}
			return Answer.parse(all.toString(StandardCharsets.UTF_8));
		}
	}

	/** Headers read and as many body bytes as Content-Length says. */
	private static boolean complete(String text) {
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		String head = text.substring(0, end).toLowerCase(Locale.ROOT);
		int at = head.indexOf("content-length:");
		if (at < 0) {
			return false;
		}
		int lineEnd = head.indexOf("\r\n", at);
		int length = Integer
			.parseInt(head.substring(at + "content-length:".length(), (lineEnd < 0) ? head.length() : lineEnd).trim());
		return text.substring(end + 4).getBytes(StandardCharsets.UTF_8).length >= length;
	}

	private record Answer(int status, String head, String body) {

		static Answer parse(String text) {
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as("a complete answer: %s", text).isPositive();
			String head = text.substring(0, end);
			int status = Integer.parseInt(head.split(" ", 3)[1]);
			return new Answer(status, head, text.substring(end + 4));
		}

		@SuppressWarnings("unchecked")
		void expect(int expectedStatus, String code) {
			assertThat(this.status).as(this.head).isEqualTo(expectedStatus);
			assertThat(this.head.toLowerCase(Locale.ROOT)).contains("content-type: application/problem+json");
			Map<String, Object> problem = JSON.readValue(this.body, Map.class);
			assertThat(problem).containsEntry("code", code).containsEntry("status", expectedStatus);
			assertThat(problem.get("detail")).isInstanceOf(String.class);
		}

	}

}
