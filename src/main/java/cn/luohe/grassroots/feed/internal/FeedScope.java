package cn.luohe.grassroots.feed.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The org subtrees a viewer may follow, as materialized path prefixes, none inside
 * another.
 */
public record FeedScope(List<String> prefixes) {

	public FeedScope {
		if (prefixes.isEmpty()) {
			throw new IllegalArgumentException("A feed scope needs at least one org");
		}
		prefixes = List.copyOf(prefixes);
	}

	/** The smallest set of prefixes covering every given path's subtree. */
	public static FeedScope of(Collection<String> paths) {
		List<String> sorted = paths.stream().distinct().sorted(Comparator.comparingInt(String::length)).toList();
		List<String> kept = new ArrayList<>();
		for (String path : sorted) {
			if (kept.stream().noneMatch(path::startsWith)) {
				kept.add(path);
			}
		}
		return new FeedScope(kept);
	}

	public boolean covers(String orgPath) {
		for (String prefix : this.prefixes) {
			if (orgPath.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
