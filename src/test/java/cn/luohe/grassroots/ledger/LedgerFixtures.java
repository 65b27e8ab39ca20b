package cn.luohe.grassroots.ledger;

import java.util.List;

import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Page;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls of the ledger API shared by its tests, and the assignment they find (public: the
 * feed's tests report on one too).
 */
public final class LedgerFixtures {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private LedgerFixtures() {
	}

	/** The items of the page {@code uri} answers (200), read as {@code item}. */
	public static <T> List<T> items(WebTestClient client, Class<T> item, String uri, Object... args) {
		EntityExchangeResult<Page<T>> result = client.get()
			.uri(uri, args)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(item))
			.returnResult();
		// a page always names its next cursor, if only as null
		assertThat(JSON.readTree(result.getResponseBodyContent()).has("nextCursor")).as("nextCursor of %s", uri)
			.isTrue();
		Page<T> page = result.getResponseBody();
		assertThat(page).as("a page from %s", uri).isNotNull();
		return page.items();
	}

	/** The answer of {@code status}, read as {@code type}. */
	public static <T> T body(WebTestClient.ResponseSpec response, int status, Class<T> type) {
		T body = response.expectStatus().isEqualTo(status).expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a %s", type.getSimpleName()).isNotNull();
		return body;
	}

	/** The assignment of {@code unitName} for the task at {@code position}. */
	public static Assignment assignment(WebTestClient client, int year, int position, String unitName) {
		return items(client, Assignment.class, "/api/v1/ledgers/{year}/assignments?limit=200", year).stream()
			.filter(a -> a.position() == position && unitName.equals(a.unitName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No assignment of " + unitName + " for task " + position));
	}

	/**
	 * A ledger assignment (a list's item, a report's assignment), as the tests read it.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Assignment(long id, int position, String departmentCode, long unitId, String unitName, String status,
			int progress, @Nullable String doneOn, boolean measured, List<Measure> measures, String flag,
			int expectedProgress, int behind, int daysOverdue) {
	}

	/** A figure measuring an assignment: {@code value} of {@code of}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Measure(String indicator, int value, int of) {
	}

}
