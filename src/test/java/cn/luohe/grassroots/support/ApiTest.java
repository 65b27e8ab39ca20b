package cn.luohe.grassroots.support;

import java.time.Duration;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the full-service API tests: a client for the running service whose every
 * response is checked against the OpenAPI contract.
 */
@IntegrationTest
public abstract class ApiTest {

	@LocalServerPort
	protected int port;

	private WebTestClient client;

	/** A client acting as {@code user}. */
	protected WebTestClient as(TestUser user) {
		return client().mutate().defaultHeader("Authorization", user.bearer()).build();
	}

	protected Identities identities() {
		return new Identities(client());
	}

	protected WebTestClient client() {
		if (this.client == null) {
			this.client = WebTestClient.bindToServer()
				.baseUrl("http://127.0.0.1:" + this.port)
				.responseTimeout(Duration.ofSeconds(20))
				.filter(new ContractValidator())
				.build();
		}
		return this.client;
	}

}
