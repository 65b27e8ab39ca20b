package cn.luohe.grassroots.visit.internal;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list as the services answer it; the web layer turns it into the API's
 * list shape.
 */
public record ResultPage<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * A page from up to {@code limit + 1} fetched rows: the extra row only tells that
	 * another page exists; the cursor is taken from the last row kept.
	 */
	static <T> ResultPage<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
		if (fetched.size() <= limit) {
			return new ResultPage<>(fetched, null);
		}
		List<T> items = List.copyOf(fetched.subList(0, limit));
		return new ResultPage<>(items, cursorOf.apply(items.get(limit - 1)));
	}

}
