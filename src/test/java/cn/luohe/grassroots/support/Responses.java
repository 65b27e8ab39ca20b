package cn.luohe.grassroots.support;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Typed shapes of the common API answers, for tests to read a body into instead of
 * casting maps ({@code expectBody(Session.class)},
 * {@code expectBody(Responses.page(...))}). Each names only the fields tests read; the
 * full shape is checked by the contract validator on every response.
 */
public final class Responses {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Responses() {
	}

	/**
	 * Reads a part of a body already read as a map (a nested object) into its typed
	 * shape; fails when the part is missing.
	 */
	public static <T> T read(@Nullable Object part, Class<T> type) {
		if (part == null) {
			throw new AssertionError("expected a " + type.getSimpleName() + ", found nothing");
		}
		return JSON.convertValue(part, type);
	}

	/**
	 * Reads a whole body, already checked as bytes (by JSON paths, say), into its typed
	 * shape; fails when there is none.
	 */
	public static <T> T parse(byte @Nullable [] body, Class<T> type) {
		if (body == null) {
			throw new AssertionError("expected a " + type.getSimpleName() + ", found no body");
		}
		return JSON.readValue(body, type);
	}

	/** The tokens of a sign-in: a session without its user (a PC sign-in's answer). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Tokens(String accessToken, long expiresIn, String refreshToken) {
	}

	/**
	 * A person named in a record (who heard, resolved, changed): {@code {id,
	 * displayName}}.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Person(long id, String displayName) {
	}

	/** One page of a cursor-paged list: {@code {items, nextCursor}}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Page<T>(List<T> items, @Nullable String nextCursor) {
	}

	/** The answer of a sign-in or a token refresh. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Session(String accessToken, long expiresIn, String refreshToken, Me user) {
	}

	/** The caller ({@code /api/v1/me}, a session's user, a listed user). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Me(long id, String displayName, @Nullable String phone, List<RoleBinding> roles) {
	}

	/** One role a user holds, in an org. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record RoleBinding(String role, long orgId, @Nullable Long youthHomeId) {
	}

	/** One line of the audit log. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record AuditEvent(long id, String at, String event, @Nullable Long actorUserId, @Nullable Long subjectUserId,
			@Nullable Long orgId, String detail) {
	}

	/** A list item of which a test reads only the id. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Identified(long id) {
	}

	/**
	 * An item of the live feed ({@code GET /api/v1/feed}), which every feature's records
	 * write to.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record FeedItem(long id, String type, long orgId, @Nullable Long townId, @Nullable Long countyId,
			String summary, String recordType, @Nullable Long recordId) {
	}

	/**
	 * An item of the live feed with what it shows of its record: the cleared photos'
	 * thumbnails, for opening the record and its photos from the feed.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ShownFeedItem(long id, String type, String summary, String recordType, @Nullable Long recordId,
			List<String> thumbnails) {
	}

	/** A browser's single-use ticket to open the live feed's stream. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record FeedTicket(String ticket, String expiresAt) {
	}

	/** A page of {@code item}s, for {@code expectBody}. */
	public static <T> ParameterizedTypeReference<Page<T>> page(Class<T> item) {
		return ParameterizedTypeReference
			.forType(org.springframework.core.ResolvableType.forClassWithGenerics(Page.class, item).getType());
	}

}
