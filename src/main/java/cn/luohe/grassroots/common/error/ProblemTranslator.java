package cn.luohe.grassroots.common.error;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
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
			else if (problem.code().equals(DATABASE_UNAVAILABLE)) {
				failures.warn(DATABASE_UNAVAILABLE + " " + rootCause(ex).getClass().getName(),
						where + " answered 503 " + DATABASE_UNAVAILABLE + ": " + rootCause(ex));
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
		Locale locale = locale(exchange);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TYPE_BASE + problem.code().toLowerCase(Locale.ROOT).replace('_', '-'));
		body.put("title", title(problem, locale));
		body.put("status", problem.status().value());
		body.put("detail", detail(problem, locale));
		body.put("instance", URI.create(exchange.getRequest().getPath().value()).toString());
		body.put("code", problem.code());
		if (!problem.errors().isEmpty()) {
			body.put("errors",
					problem.errors()
						.stream()
						.map(error -> Map.of("field", error.field(), "message", fieldMessage(error, locale)))
						.toList());
		}
		byte[] bytes = this.json.writeValueAsBytes(body);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
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
	 * The bundle's text for the code (its arguments translated too); without one, the
	 * English detail for an English reader and the status's text for everyone else.
	 */
	String detail(Problem problem, Locale locale) {
		String text = message(new String[] { "problem." + problem.code() + ".detail" }, problem.args().toArray(),
				locale);
		if (text != null) {
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
			return new Problem(HttpStatus.NOT_FOUND, "NOT_FOUND", "No such endpoint", List.of());
		}
		if (ex instanceof MissingRequestValueException missing) {
			return new Problem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "A required value is missing",
					List.of(new ApiException.FieldProblem(missing.getName(), "is required")));
		}
		if (ex instanceof ServerWebInputException input) {
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
		if (ex instanceof ResponseStatusException rse) {
			HttpStatusCode status = rse.getStatusCode();
			HttpStatus known = HttpStatus.resolve(status.value());
			HttpStatus resolved = (known != null) ? known : HttpStatus.INTERNAL_SERVER_ERROR;
			String code = resolved.name();
			return new Problem(resolved, code, resolved.getReasonPhrase(), List.of());
		}
		if (databaseUnreachable(ex)) {
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, "数据库暂时不可用，请稍后重试", List.of(),
					DATABASE_RETRY_AFTER);
		}
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
				"An unexpected error occurred; it has been logged", List.of());
	}

	static final String DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE";

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
