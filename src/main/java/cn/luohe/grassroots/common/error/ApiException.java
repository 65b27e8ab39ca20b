package cn.luohe.grassroots.common.error;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on. Carries the HTTP status and the stable machine code
 * that the problem+json answer exposes; features throw it through the factories below.
 * The text the client reads comes from the message bundles by the code
 * ({@code problem.<CODE>.detail}, with {@link #args()}), in the request's language; the
 * English detail given here is the log's and the fallback's.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String code;

	private final String detail;

	private final List<FieldProblem> errors;

	private final @Nullable Duration retryAfter;

	private final List<Object> args;

	public ApiException(HttpStatus status, String code, String detail) {
		this(status, code, detail, List.of());
	}

	public ApiException(HttpStatus status, String code, String detail, List<FieldProblem> errors) {
		this(status, code, detail, errors, null, List.of());
	}

	private ApiException(HttpStatus status, String code, String detail, List<FieldProblem> errors,
			@Nullable Duration retryAfter, List<Object> args) {
		super(detail, null, false, false);
		this.status = status;
		this.code = code;
		this.detail = detail;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
		this.args = List.copyOf(args);
	}

	/**
	 * The same failure, telling the client when a retry can succeed (a 429's window, a
	 * 503's outage): the answer carries it as {@code Retry-After}.
	 */
	public ApiException retryAfter(Duration wait) {
		return new ApiException(this.status, this.code, this.detail, this.errors, wait, this.args);
	}

	/**
	 * The same failure with the arguments of its bundle text (a name, a month); a
	 * {@link MessageSourceResolvable} argument is itself translated.
	 */
	public ApiException withArgs(Object... values) {
		return new ApiException(this.status, this.code, this.detail, this.errors, this.retryAfter, List.of(values));
	}

	/** The arguments of the bundle text of {@link #code()}. */
	public List<Object> args() {
		return this.args;
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
		return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", what + " not found").withArgs(subject(what));
	}

	/**
	 * The kind of thing a NOT_FOUND names, as a bundle key: {@code "Org 12"} is
	 * {@code subject.org}, {@code "Org with code 4111"} {@code subject.org-with-code};
	 * unknown kinds read as {@code subject.unknown}.
	 */
	static MessageSourceResolvable subject(String what) {
		return new DefaultMessageSourceResolvable(new String[] { subjectKey(what), "subject.unknown" }, null, null);
	}

	static String subjectKey(String what) {
		StringBuilder key = new StringBuilder("subject.");
		boolean first = true;
		for (String word : what.trim().split("\\s+")) {
			if (word.isEmpty() || !word.chars().allMatch(Character::isLetter)) {
				break;
			}
			if (!first) {
				key.append('-');
			}
			key.append(word.toLowerCase(Locale.ROOT));
			first = false;
		}
		return key.toString();
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

	/**
	 * One invalid field of a request. {@code text}, when given, is what the bundles
	 * translate (a Bean Validation error); otherwise the English {@code message} is
	 * matched against the bundles' field messages ({@code FieldMessages}).
	 */
	public record FieldProblem(String field, String message, @Nullable MessageSourceResolvable text) {

		public FieldProblem(String field, String message) {
			this(field, message, null);
		}

		/** A field message from the bundles: {@code field.<kind>} with its arguments. */
		public static FieldProblem of(String field, String kind, Object... args) {
			return new FieldProblem(field, kind,
					new DefaultMessageSourceResolvable(new String[] { "field." + kind }, args, null));
		}

	}

}
