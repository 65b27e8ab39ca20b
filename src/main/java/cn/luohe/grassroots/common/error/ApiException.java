package cn.luohe.grassroots.common.error;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Carries the HTTP status and the stable machine code
 * that the problem+json answer exposes; features throw it through the factories below.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String detail;

	private final List<FieldProblem> errors;

	private final @Nullable Duration retryAfter;

	public ApiException(HttpStatus status, String code, String detail) {
		this(status, code, detail, List.of());
	}

	public ApiException(HttpStatus status, String code, String detail, List<FieldProblem> errors) {
		this(status, code, detail, errors, null);
	}

	private ApiException(HttpStatus status, String code, String detail, List<FieldProblem> errors,
			@Nullable Duration retryAfter) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.detail = detail;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
	}

	/**
	 * The same failure, telling the client when a retry can succeed (a 429's window, a
	 * 503's outage): the answer carries it as {@code Retry-After}.
	 */
	public ApiException retryAfter(Duration wait) {
		return new ApiException(this.status, this.code, this.detail, this.errors, wait);
	}

	/** The detail the answer carries (never null, unlike a Throwable's message). */
	@Override
	public String getMessage() {
		return this.detail;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String code() {
		return this.code;
	}

	public List<FieldProblem> errors() {
		return this.errors;
	}

	public static ApiException notFound(String what) {
		return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found");
	}

	public static ApiException validation(List<FieldProblem> errors) {
		return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields", errors);
	}

	public static ApiException invalidField(String field, String message) {
		return validation(List.of(new FieldProblem(field, message)));
	}

	public static ApiException unauthenticated(String detail) {
		return new ApiException(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", detail);
	}

	public static ApiException forbiddenScope() {
		return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN_SCOPE", "The target lies outside your scope");
	}

	public static ApiException forbiddenRole() {
		return new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE", "Your roles do not allow this action");
	}

	public static ApiException conflict(String code, String detail) {
		return new ApiException(HttpStatus.CONFLICT, code, detail);
	}

	public static ApiException unprocessable(String code, String detail) {
		return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, code, detail);
	}

	/** A rate limit's window is full; a retry can succeed once it has passed. */
	public static ApiException tooManyRequests(String detail, Duration window) {
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", detail).retryAfter(window);
	}

	/** One invalid field of a request. */
	public record FieldProblem(String field, String message) {
	}

}
