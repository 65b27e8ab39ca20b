package cn.luohe.grassroots.common.web;

import cn.luohe.grassroots.support.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationsApiTests extends ApiTest {

	@Test
	void shouldReportPostgresAndRedisInHealth() {
		client().get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.r2dbc.status")
			.isEqualTo("UP")
			.jsonPath("$.components.redis.status")
			.isEqualTo("UP");
	}

	@Test
	void shouldExposePrometheusMetrics() {
		String body = client().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).contains("jvm_memory_used_bytes");
	}

	@Test
	void shouldServeTheContractWithoutAToken() {
		// the contract is larger than the client's default 256 KB buffer
		String body = client().mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build()
			.get()
			.uri("/api/v1/openapi.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).startsWith("openapi: 3.1.0");
	}

	@Test
	void shouldRefuseEverythingElseWithoutAToken() {
		client().get()
			.uri("/api/v1/orgs/1")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
	}

}
