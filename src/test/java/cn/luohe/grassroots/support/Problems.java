package cn.luohe.grassroots.support;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one place API tests check an RFC 9457 answer: on a response still to be read, or on
 * a body already read as a map (through {@link Problem}, its typed shape).
 */
public final class Problems {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	/**
	 * Expects a problem+json answer of {@code status} with {@code code}; the body spec
	 * continues with any further JSON paths.
	 */
	public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status,
			String code) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.code")
			.isEqualTo(code);
	}

	/**
	 * Expects a problem+json answer like
	 * {@link #expectProblem(WebTestClient.ResponseSpec, int, String)} and reads it into
	 * its typed shape, for its errors or its detail.
	 */
	public static Problem expectProblemRead(WebTestClient.ResponseSpec response, int status, String code) {
		byte[] body = expectProblem(response, status, code).returnResult().getResponseBody();
		assertThat(body).as("a problem body").isNotNull();
		return JSON.readValue(body, Problem.class);
	}

	/**
	 * Expects a 400 VALIDATION_FAILED answer naming {@code field} among its errors, on a
	 * response still to be read.
	 */
	public static Problem expectFieldError(WebTestClient.ResponseSpec response, String field) {
		Problem problem = expectProblemRead(response, 400, "VALIDATION_FAILED");
		assertThat(problem.errors()).extracting(FieldError::field).contains(field);
		return problem;
	}

	/**
	 * Expects {@code code} in a problem already read (its status checked by the read).
	 */
	public static Problem expectProblem(Map<String, Object> body, String code) {
		assertThat(body.get("code")).as("problem code of %s", body).isEqualTo(code);
		return Problem.of(body);
	}

	/** A problem already read as a map, in its typed shape. */
	public static Problem read(Map<String, Object> body) {
		return Problem.of(body);
	}

	/** Expects a VALIDATION_FAILED problem naming {@code field} among its errors. */
	public static Problem expectFieldError(Map<String, Object> body, String field) {
		assertThat(body).containsEntry("code", "VALIDATION_FAILED");
		Problem problem = Problem.of(body);
		assertThat(problem.errors()).extracting(FieldError::field).contains(field);
		return problem;
	}

	/** An RFC 9457 answer as the service writes it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Problem(String type, String title, int status, String code, @Nullable String detail,
			@Nullable String instance, List<FieldError> errors) {

		public Problem {
			errors = (errors != null) ? errors : List.of();
		}

		static Problem of(Map<String, Object> body) {
			return JSON.convertValue(body, Problem.class);
		}

	}

	/** One invalid field of a request. */
	public record FieldError(String field, String message) {
	}

}
