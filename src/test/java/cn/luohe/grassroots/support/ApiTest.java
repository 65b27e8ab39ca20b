package cn.luohe.grassroots.support;

import java.time.Duration;
import java.time.YearMonth;

import cn.luohe.grassroots.identity.api.Role;

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

	/**
	 * Settles the dashboards' maintained counts of {@code month} through a city admin's
	 * reconciliation (it applies every pending mark): what earlier tests wrote is counted
	 * before a test reads a baseline, since a busy town-month's recount may rest for
	 * {@code app.dashboard.recount-gap}.
	 */
	protected void settleCounts(YearMonth month) {
		as(identities().withRole(Role.CITY_ADMIN, "4111")).post()
			.uri("/api/v1/dashboards/reconciliations?month=" + month)
			.exchange()
			.expectStatus()
			.isOk();
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
