package cn.luohe.grassroots.common.error;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import cn.luohe.grassroots.common.db.LockConflicts;
import cn.luohe.grassroots.common.json.RefusedValueException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.reactive.resource.NoResourceFoundException;

/**
 * The one error translator: every failure, wherever it is raised (handlers, filters,
 * codecs, security), leaves as RFC 9457 problem+json with a stable {@code code}. Nothing
 * internal (stack traces, SQL, class names) reaches the body. Title, detail and field
 * messages come from the message bundles ({@code messages.properties}, Simplified
 * Chinese, the default; {@code messages_en.properties}) in the request's language
 * ({@code Accept-Language}, default zh-CN): {@code problem.<CODE>.title|detail}, else the
 * status's {@code status.<NNN>.title|detail}; field messages by their kind.
 */
@Component
@Order(-2)
public class ProblemTranslator implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemTranslator.class);

	/** A MessageFormat argument left in a text resolved without arguments. */
	private static final Pattern UNFILLED = Pattern.compile("\\{\\d+[},]");

	private static final String TYPE_BASE = "https://grassroots.luohe.cn/problems/";

	/** What a client is told to wait when the database cannot be reached. */
	static final Duration DATABASE_RETRY_AFTER = Duration.ofSeconds(5);

	/** One line per failure kind and route every 30 s, not a trace per request. */
	private static final FailureLog failures = new FailureLog(log, 30, java.util.concurrent.TimeUnit.SECONDS);

	private final JsonMapper json;

	private final MessageSource messages;

	public ProblemTranslator(JsonMapper json, MessageSource messages) {
		this.json = json;
		this.messages = messages;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// an event stream or download already started: nothing can be said any more
			return Mono.error(ex);
		}
		Problem problem = toProblem(ex);
		if (problem.status().is5xxServerError()) {
			// the route template, not the path: paths
			// can carry secrets (invitation codes)
			Object route = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
			String where = exchange.getRequest().getMethod() + " " + ((route != null) ? route : "(no route)");
			if (ex instanceof ApiException) {
				// an upstream (WeChat) failure the client
				// was told about: no stack trace needed
				failures.warn(where + " " + problem.code(),
						where + " answered " + problem.status().value() + " " + problem.code());
			}
			else if (problem.code().equals(DATABASE_UNAVAILABLE) || problem.code().equals(DATABASE_BUSY)) {
				failures.warn(problem.code() + " " + rootCause(ex).getClass().getName(),
						where + " answered 503 " + problem.code() + ": " + rootCause(ex));
			}
			else {
				failures.error(where + " " + rootCause(ex).getClass().getName(), "Unexpected failure on " + where, ex);
			}
		}
		return write(exchange, problem);
	}

	public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(problem.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().remove("Content-Length");
		if (problem.retryAfter() != null) {
			// whole seconds, rounded up (RFC 9110 delay-seconds)
			long seconds = Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
			response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		}
		byte[] bytes = body(problem, exchange.getRequest().getPath().value(), locale(exchange));
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The problem+json body of {@code problem} in Simplified Chinese (for answers written
	 * outside a request's exchange, e.g. Netty's own); {@code path} becomes its instance
	 * when it is a valid URI reference.
	 */
	public byte[] body(Problem problem, @Nullable String path) {
		return body(problem, path, Locale.SIMPLIFIED_CHINESE);
	}

	/** The problem+json body of {@code problem} in {@code locale}. */
	public byte[] body(Problem problem, @Nullable String path, Locale locale) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TYPE_BASE + problem.code().toLowerCase(Locale.ROOT).replace('_', '-'));
		body.put("title", title(problem, locale));
		body.put("status", problem.status().value());
		body.put("detail", detail(problem, locale));
		String instance = instance(path);
		if (instance != null) {
			body.put("instance", instance);
		}
		body.put("code", problem.code());
		if (!problem.errors().isEmpty()) {
			body.put("errors",
					problem.errors()
						.stream()
						.map(error -> Map.of("field", error.field(), "message", fieldMessage(error, locale)))
						.toList());
		}
		return this.json.writeValueAsBytes(body);
	}

	private static @Nullable String instance(@Nullable String path) {
		if (path == null || path.isEmpty()) {
			return null;
		}
		try {
			return URI.create(path).toString();
		}
		catch (IllegalArgumentException ex) {
			// a path the firewall refused can be no URI at all
			return null;
		}
	}

	/**
	 * The answer for an error status raised without an exception (Boot's, the
	 * firewall's).
	 */
	public static Problem forStatus(HttpStatus status) {
		return switch (status) {
			case NOT_FOUND -> noSuchEndpoint();
			case METHOD_NOT_ALLOWED ->
				new Problem(status, "METHOD_NOT_ALLOWED", "This method is not allowed on this path", List.of());
			default -> new Problem(status, status.name(), status.getReasonPhrase(), List.of());
		};
	}

	/**
	 * A path no route answers: NOT_FOUND, whose bundle text names what was not found
	 * ({@code subject.resource}).
	 */
	private static Problem noSuchEndpoint() {
		return new Problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "The requested resource not found", List.of(), null,
				List.of(ApiException.subject("Resource")));
	}

	/** The request's language: {@code Accept-Language}, else Simplified Chinese. */
	static Locale locale(ServerWebExchange exchange) {
		Locale locale = exchange.getLocaleContext().getLocale();
		return (locale != null) ? locale : Locale.SIMPLIFIED_CHINESE;
	}

	private static boolean english(Locale locale) {
		return "en".equals(locale.getLanguage());
	}

	String title(Problem problem, Locale locale) {
		String text = message(new String[] { "problem." + problem.code() + ".title",
				"status." + problem.status().value() + ".title" }, new Object[0], locale);
		return (text != null) ? text : problem.title();
	}

	/**
	 * The bundle's text for the code (its arguments translated too; a problem naming
	 * fields first tries {@code problem.<CODE>.fields.detail}); without one, or when it
	 * names an argument the problem lacks (an unfilled {@code {0}}), the English detail
	 * for an English reader and the status's text for everyone else.
	 */
	String detail(Problem problem, Locale locale) {
		String[] keys = problem.errors().isEmpty() ? new String[] { "problem." + problem.code() + ".detail" }
				: new String[] { "problem." + problem.code() + ".fields.detail",
						"problem." + problem.code() + ".detail" };
		String text = message(keys, problem.args().toArray(), locale);
		if (text != null && !(problem.args().isEmpty() && UNFILLED.matcher(text).find())) {
			return text;
		}
		if (english(locale)) {
			return problem.detail();
		}
		String generic = message(new String[] { "status." + problem.status().value() + ".detail",
				"status." + (problem.status().value() / 100) + "xx.detail" }, new Object[0], locale);
		return (generic != null) ? generic : problem.detail();
	}

	String fieldMessage(ApiException.FieldProblem error, Locale locale) {
		MessageSourceResolvable text = error.text();
		if (text instanceof ObjectError objectError) {
			// a custom message of a constraint (@Pattern(message = ...)) first, then its
			// kind
			MessageSourceResolvable custom = (objectError.getDefaultMessage() != null)
					? FieldMessages.match(objectError.getDefaultMessage()) : null;
			text = (custom != null) ? custom
					: new DefaultMessageSourceResolvable(objectError.getCodes(), objectError.getArguments(), null);
		}
		else if (text == null) {
			text = FieldMessages.match(error.message());
		}
		String resolved = (text != null) ? message(text.getCodes(), text.getArguments(), locale) : null;
		if (resolved != null) {
			return resolved;
		}
		if (english(locale)) {
			return error.message();
		}
		String invalid = message(new String[] { "field.invalid" }, new Object[0], locale);
		return (invalid != null) ? invalid : error.message();
	}

	private @Nullable String message(String @Nullable [] codes, Object @Nullable [] args, Locale locale) {
		if (codes == null) {
			return null;
		}
		for (String code : codes) {
			try {
				String text = this.messages.getMessage(code, args, null, locale);
				if (text != null) {
					return text;
				}
			}
			catch (NoSuchMessageException | IllegalArgumentException ex) {
				// an argument without a bundle entry, or a malformed pattern: try the
				// next
			}
		}
		return null;
	}

	static Problem toProblem(Throwable ex) {
		if (ex instanceof ApiException api) {
			return new Problem(api.status(), api.code(), api.getMessage(), api.errors(), api.retryAfter(), api.args());
		}
		if (ex instanceof WebExchangeBindException bind) {
			List<ApiException.FieldProblem> errors = bind.getFieldErrors()
				.stream()
				.map(ProblemTranslator::fieldProblem)
				.toList();
			List<ApiException.FieldProblem> all = errors.isEmpty() ? bind.getGlobalErrors()
				.stream()
				.map(e -> new ApiException.FieldProblem(e.getObjectName(),
						(e.getDefaultMessage() != null) ? e.getDefaultMessage() : "is invalid", e))
				.toList() : errors;
			return new Problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields", all);
		}
		if (hasCause(ex, DataBufferLimitException.class)) {
			return new Problem(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The request body is too large",
					List.of());
		}
		DecodingException decoding = findCause(ex, DecodingException.class);
		if (decoding != null && decoding.getMessage() != null && decoding.getMessage().startsWith("Too many parts")) {
			// spring.webflux.multipart.max-parts: the reader stops at the first part over
			// it
			return new Problem(HttpStatus.CONTENT_TOO_LARGE, "TOO_MANY_PARTS", "请求的分段过多：上传照片时只能包含一个文件", List.of());
		}
		if (ex instanceof UnsupportedMediaTypeStatusException) {
			return new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
					"Content type not supported here; send application/json", List.of());
		}
		if (ex instanceof NotAcceptableStatusException) {
			return new Problem(HttpStatus.NOT_ACCEPTABLE, "NOT_ACCEPTABLE", "Cannot produce the requested media type",
					List.of());
		}
		if (ex instanceof MethodNotAllowedException) {
			return new Problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
					"This method is not allowed on this path", List.of());
		}
		if (ex instanceof NoResourceFoundException) {
			return noSuchEndpoint();
		}
		if (ex instanceof MissingRequestValueException missing) {
			return new Problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "A required value is missing",
					List.of(new ApiException.FieldProblem(missing.getName(), "is required")));
		}
		if (ex instanceof ServerWebInputException input) {
			MismatchedInputException mismatch = findCause(ex, MismatchedInputException.class);
			String field = (mismatch != null) ? fieldPath(mismatch) : null;
			if (mismatch instanceof RefusedValueException refused && field != null) {
				// a value of the right type the body's reader refused (a text with NUL)
				return new Problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields",
						List.of(ApiException.FieldProblem.of(field, refused.kind(), refused.args().toArray())));
			}
			if (field != null) {
				// strict JSON (common.json.StrictJson): a value of the wrong JSON type
				return new Problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request body is not valid JSON",
						List.of(ApiException.FieldProblem.of(field, "typeOrFormat")));
			}
			if (hasCause(ex, DecodingException.class)) {
				return new Problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request body is not valid JSON",
						List.of());
			}
			if (input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null) {
				return new Problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "A request value is invalid",
						List.of(new ApiException.FieldProblem(input.getMethodParameter().getParameterName(),
								"has an invalid value")));
			}
			String reason = input.getReason();
			return new Problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST",
					(reason != null && reason.startsWith("No request body")) ? "A request body is required"
							: "The request could not be read",
					List.of());
		}
		if (decoding != null) {
			// a body the codecs could not read, raised outside argument resolution
			return new Problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "The request could not be read", List.of());
		}
		if (ex instanceof ResponseStatusException rse) {
			HttpStatusCode status = rse.getStatusCode();
			HttpStatus known = HttpStatus.resolve(status.value());
			HttpStatus resolved = (known != null) ? known : HttpStatus.INTERNAL_SERVER_ERROR;
			if (resolved == HttpStatus.NOT_FOUND) {
				return noSuchEndpoint();
			}
			String code = resolved.name();
			return new Problem(resolved, code, resolved.getReasonPhrase(), List.of());
		}
		if (LockConflicts.lost(ex)) {
			// a deadlock's or serialization check's loser: nothing was written
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_BUSY, "与其他写入冲突，未保存，请稍后重试", List.of(),
					DATABASE_BUSY_RETRY_AFTER, List.of());
		}
		if (databaseUnreachable(ex)) {
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, "数据库暂时不可用，请稍后重试", List.of(),
					DATABASE_RETRY_AFTER, List.of());
		}
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
				"An unexpected error occurred; it has been logged", List.of());
	}

	static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

	static final String DATABASE_BUSY = "DATABASE_BUSY";

	/** What a client is told to wait after its write lost a conflict with another. */
	static final Duration DATABASE_BUSY_RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * Whether the database could not be reached or did not answer in time: no connection
	 * (refused, closed, the pool's acquire timeout), a statement or lock timeout, a
	 * failed transaction start. Redis failures are Spring's resource failures too and are
	 * left out by their own types.
	 */
	static boolean databaseUnreachable(Throwable ex) {
		boolean redis = false;
		boolean database = false;
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			String name = current.getClass().getName();
			if (name.startsWith("org.springframework.data.redis.") || name.startsWith("io.lettuce.")) {
				redis = true;
			}
			if (current instanceof io.r2dbc.spi.R2dbcNonTransientResourceException
					|| current instanceof io.r2dbc.spi.R2dbcTransientResourceException
					|| current instanceof io.r2dbc.spi.R2dbcTimeoutException
					|| current instanceof org.springframework.transaction.CannotCreateTransactionException
					|| current instanceof org.springframework.dao.QueryTimeoutException
					|| current instanceof org.springframework.dao.CannotAcquireLockException
					|| name.startsWith("io.r2dbc.pool.") || name.startsWith("io.r2dbc.postgresql.client.")
					|| (current instanceof org.springframework.dao.DataAccessResourceFailureException
							&& !name.startsWith("org.springframework.data.redis."))) {
				database = true;
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return database && !redis;
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current.getCause() != null && current.getCause() != current && depth < 16; depth++) {
			current = current.getCause();
		}
		return current;
	}

	private static ApiException.FieldProblem fieldProblem(FieldError error) {
		String message = (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
		return new ApiException.FieldProblem(error.getField(), message, error);
	}

	/**
	 * The JSON path of the value that could not be read: {@code location.lat},
	 * {@code ids[0]}.
	 */
	private static @Nullable String fieldPath(MismatchedInputException mismatch) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : mismatch.getPath()) {
			if (reference.getPropertyName() != null) {
				if (!path.isEmpty()) {
					path.append('.');
				}
				path.append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? null : path.toString();
	}

	private static <T extends Throwable> @Nullable T findCause(Throwable ex, Class<T> type) {
		Throwable current = ex;
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return null;
	}

	private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
		Throwable current = ex;
		while (current != null) {
			if (type.isInstance(current)) {
				return true;
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return false;
	}

	/** What the client is told. */
	public record Problem(HttpStatus status, String code, String detail, List<ApiException.FieldProblem> errors,
			@Nullable Duration retryAfter, List<Object> args) {

		public Problem(HttpStatus status, String code, String detail, List<ApiException.FieldProblem> errors) {
			this(status, code, detail, errors, null, List.of());
		}

		String title() {
			return this.status.getReasonPhrase();
		}

	}

}
