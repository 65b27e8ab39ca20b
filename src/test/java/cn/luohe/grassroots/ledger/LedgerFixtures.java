package cn.luohe.grassroots.ledger;

import java.util.List;
import java.util.Map;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls of the ledger API shared by its tests. */
public final class LedgerFixtures {

	private LedgerFixtures() {
	}

	@SuppressWarnings("unchecked")
	public static List<Map<String, Object>> items(WebTestClient client, String uri, Object... args) {
		Map<String, Object> page = client.get()
			.uri(uri, args)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).containsKey("nextCursor");
		return (List<Map<String, Object>>) page.get("items");
	}

	@SuppressWarnings("unchecked")
	public static Map<String, Object> body(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus().isEqualTo(status).expectBody(Map.class).returnResult().getResponseBody();
	}

	public static long id(Map<String, Object> item) {
		return ((Number) item.get("id")).longValue();
	}

	/** The assignment of {@code unitName} for the task at {@code position}. */
	public static Map<String, Object> assignment(WebTestClient client, int year, int position, String unitName) {
		return items(client, "/api/v1/ledgers/{year}/assignments?limit=200", year).stream()
			.filter(a -> ((Number) a.get("position")).intValue() == position && unitName.equals(a.get("unitName")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No assignment of " + unitName + " for task " + position));
	}

}
