package cn.luohe.grassroots.identity.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Reads GET /users page by page: the shared database holds users of every test. */
final class UserPages {

	private UserPages() {
	}

	/** The listed user, or null when the list of {@code orgId} does not hold them. */
	@SuppressWarnings("unchecked")
	static @Nullable Map<String, Object> find(WebTestClient caller, long orgId, long userId) {
		String cursor = null;
		do {
			Optional<String> after = Optional.ofNullable(cursor);
			Map<String, Object> page = caller.get()
				.uri(uri -> uri.path("/api/v1/users")
					.queryParam("orgId", orgId)
					.queryParam("limit", 200)
					.queryParamIfPresent("cursor", after)
					.build())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Map.class)
				.returnResult()
				.getResponseBody();
			for (Map<String, Object> item : (List<Map<String, Object>>) page.get("items")) {
				if (((Number) item.get("id")).longValue() == userId) {
					return item;
				}
			}
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		return null;
	}

}
