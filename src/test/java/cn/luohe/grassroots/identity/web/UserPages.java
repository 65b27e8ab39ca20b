package cn.luohe.grassroots.identity.web;

import java.util.Optional;

import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.Responses;
import org.jspecify.annotations.Nullable;

import org.springframework.test.web.reactive.server.WebTestClient;

/** Reads GET /users page by page: the shared database holds users of every test. */
final class UserPages {

	private UserPages() {
	}

	/** The listed user, or null when the list of {@code orgId} does not hold them. */
	static @Nullable Me find(WebTestClient caller, long orgId, long userId) {
		String cursor = null;
		do {
			Optional<String> after = Optional.ofNullable(cursor);
			Page<Me> page = caller.get()
				.uri(uri -> uri.path("/api/v1/users")
					.queryParam("orgId", orgId)
					.queryParam("limit", 200)
					.queryParamIfPresent("cursor", after)
					.build())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Responses.page(Me.class))
				.returnResult()
				.getResponseBody();
			for (Me item : page.items()) {
				if (item.id() == userId) {
					return item;
				}
			}
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return null;
	}

}
