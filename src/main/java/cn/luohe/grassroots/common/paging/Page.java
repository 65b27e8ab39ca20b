package cn.luohe.grassroots.common.paging;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The list shape of every collection endpoint: {@code {"items": [...], "nextCursor"}}.
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * Builds a page from up to {@code limit + 1} fetched rows: the extra row only tells
	 * that another page exists, and the cursor is taken from the last row returned.
	 */
	public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
		if (fetched.size() <= limit) {
			return new Page<>(fetched, null);
		}
		List<T> items = fetched.subList(0, limit);
		return new Page<>(List.copyOf(items), cursorOf.apply(items.get(limit - 1)));
	}

	public <R> Page<R> map(Function<T, R> mapper) {
		return new Page<>(this.items.stream().map(mapper).toList(), this.nextCursor);
	}

}
