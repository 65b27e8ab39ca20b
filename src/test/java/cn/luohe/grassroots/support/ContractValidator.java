package cn.luohe.grassroots.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Checks every response the test suite receives against
 * {@code miniprogram-api-spec/openapi.yaml} (OpenAPI 3.1: types, required fields, no
 * undeclared properties, declared status codes), so the spec and the code cannot drift.
 */
public final class ContractValidator implements ExchangeFilterFunction {

	private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
		.createForSpecificationUrl(Path.of("miniprogram-api-spec/openapi.yaml").toAbsolutePath().toUri().toString())
		.build();

	static {
		// the date-time format check reads a leap-second table when its class
		// initialises: done here, not on the event loop of the first response
		com.ethlo.time.ITU.parseDateTime("2000-01-01T00:00:00Z");
	}

	/** A JSON string that is a date and time without an offset (a LocalDateTime). */
	private static final java.util.regex.Pattern LOCAL_DATE_TIME = java.util.regex.Pattern
		.compile("\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?\"");

	private static final Set<String> PATH_MISSING = Set.of("validation.request.path.missing",
			"validation.response.path.missing");

	static {
		// the date-time format check loads a leap-second table from its jar on first use;
		// done here, not on the event loop of the first response with an instant
		try {
			Class.forName("com.ethlo.time.DateTime", true, ContractValidator.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String path = request.url().getRawPath();
		if (path.startsWith("/test/")) {
			return next.exchange(request);
		}
		return next.exchange(request).flatMap(response -> {
			MediaType type = response.headers().contentType().orElse(null);
			if (type != null && (type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)
					|| type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM) || type.getType().equals("image")
					|| type.getSubtype().contains("spreadsheet") || type.getSubtype().equals("csv"))) {
				validate(request, response.statusCode().value(), type, null);
				return Mono.just(response);
			}
			// off the client's event loop: the validator reads files lazily (the first
			// date-time format loads a leap-second table), which BlockHound refuses there
			return response.bodyToMono(byte[].class)
				.defaultIfEmpty(new byte[0])
				.publishOn(Schedulers.boundedElastic())
				.map(body -> {
					validate(request, response.statusCode().value(), type, body);
					return response.mutate().body(new String(body, java.nio.charset.StandardCharsets.UTF_8)).build();
				});
		});
	}

	private static void validate(ClientRequest request, int status, MediaType type, byte[] body) {
		SimpleResponse.Builder builder = SimpleResponse.Builder.status(status);
		if (type != null) {
			builder.withContentType(type.toString());
		}
		if (body != null && body.length > 0) {
			builder.withBody(body);
		}
		ValidationReport report = VALIDATOR.validateResponse(request.url().getRawPath(),
				Request.Method.valueOf(request.method().name()), builder.build());
		List<ValidationReport.Message> errors = report.getMessages()
			.stream()
			.filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
			.filter(m -> !((status == 404 || status == 405) && PATH_MISSING.contains(m.getKey())))
			// streamed bodies (events, files) are not read: status and type are checked
			.filter(m -> !(body == null && "validation.response.body.missing".equals(m.getKey())))
			.toList();
		if (body != null && type != null
				&& (type.isCompatibleWith(MediaType.APPLICATION_JSON) || type.getSubtype().endsWith("+json"))) {
			java.util.regex.Matcher local = LOCAL_DATE_TIME.matcher(new String(body, StandardCharsets.UTF_8));
			if (local.find()) {
				throw new AssertionError("Response of " + request.method() + " " + request.url()
						+ " has a timestamp without offset: " + local.group() + " (ISO-8601 with offset only)");
			}
		}
		if (!errors.isEmpty()) {
			throw new AssertionError("Response of " + request.method() + " " + request.url() + " (" + status
					+ ") breaks miniprogram-api-spec/openapi.yaml:\n" + errors + "\nbody: "
					+ ((body != null) ? new String(body, java.nio.charset.StandardCharsets.UTF_8) : "<not read>"));
		}
	}

}
