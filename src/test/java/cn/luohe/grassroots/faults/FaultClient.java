package cn.luohe.grassroots.faults;

import java.time.Duration;
import java.util.Map;

import cn.luohe.grassroots.support.Problems;
import cn.luohe.grassroots.support.Problems.Problem;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain client for the fault suite: every answer is returned whole with the time it
 * took (answers during an outage are not in the contract's examples; their shape is
 * checked here), and none may take longer than {@link #BOUND}.
 */
final class FaultClient {

	/** How long any answer may take, health and authenticated requests alike. */
	static final Duration BOUND = Duration.ofSeconds(12);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient client;

	FaultClient(int port) {
		this.client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
	}

	Answer get(String path, @Nullable String bearer) {
		return exchange(HttpMethod.GET, path, bearer, null, null);
	}

	Answer post(String path, @Nullable String bearer, Object body, @Nullable String idempotencyKey) {
		return exchange(HttpMethod.POST, path, bearer, body, idempotencyKey);
	}

	private Answer exchange(HttpMethod method, String path, @Nullable String bearer, @Nullable Object body,
			@Nullable String idempotencyKey) {
		long started = System.nanoTime();
		WebClient.RequestBodySpec request = this.client.method(method).uri(path).headers(headers -> {
			if (bearer != null) {
				headers.set("Authorization", bearer);
			}
			if (idempotencyKey != null) {
				headers.set("Idempotency-Key", idempotencyKey);
			}
		});
		WebClient.RequestHeadersSpec<?> spec = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		Answer answer = spec
			.exchangeToMono(response -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map(text -> new Answer(response.statusCode().value(),
						response.headers().contentType().map(MediaType::toString).orElse(""),
						response.headers().asHttpHeaders().getFirst("Retry-After"), text,
						Duration.ofNanos(System.nanoTime() - started))))
			.block(BOUND.plusSeconds(5));
		assertThat(answer).as("%s %s answered", method, path).isNotNull();
		assertThat(answer.took()).as("%s %s took", method, path).isLessThan(BOUND);
		return answer;
	}

	record Answer(int status, String contentType, @Nullable String retryAfter, String body, Duration took) {

		/** The body as Problems reads a problem (a map of its members). */
		@SuppressWarnings("unchecked")
		private Map<String, Object> json() {
			return JSON.readValue(this.body, Map.class);
		}

		/** The body in its typed shape. */
		<T> T json(Class<T> type) {
			return JSON.readValue(this.body, type);
		}

		/** The body as the problem it is. */
		Problem problem() {
			return Problems.read(json());
		}

		/**
		 * A problem+json answer with {@code status} and {@code code} (checked by
		 * {@link Problems#expectProblem(Map, String)}), leaking nothing of the service.
		 */
		Answer isProblem(int expectedStatus, String code) {
			assertThat(this.status).as(this.body).isEqualTo(expectedStatus);
			assertThat(this.contentType).startsWith("application/problem+json");
			assertThat(Problems.expectProblem(json(), code).status()).isEqualTo(expectedStatus);
			assertThat(this.body).doesNotContain("Exception").doesNotContain("SELECT");
			return this;
		}

	}

}
