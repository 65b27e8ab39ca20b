package cn.luohe.grassroots.moderation.api;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of checking a request's texts before its transaction: {@code held} texts
 * are stored but kept from the feed (and so the big screen) until a city admin releases
 * them. {@code reason} says why it is held ({@code REVIEW}: WeChat's suggestion;
 * {@code UNCHECKED}: WeChat could not be asked).
 */
public record TextCheck(long authorId, String excerpt, boolean held, @Nullable String reason, @Nullable String label) {

	/** Nothing to check (no text): published as before. */
	public static TextCheck none(long authorId) {
		return new TextCheck(authorId, "", false, null, null);
	}

}
