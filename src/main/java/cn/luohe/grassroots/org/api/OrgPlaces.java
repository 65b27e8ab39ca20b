package cn.luohe.grassroots.org.api;

import java.time.Instant;
import java.util.Collection;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Finding orgs as places: by name or pinyin initials, by confirmed coordinates, and
 * confirming coordinates. Every read is limited to the subtrees whose paths are given
 * (the caller's scope, decided by the asking feature).
 */
public interface OrgPlaces {

	/**
	 * Orgs of the subtrees whose name contains {@code query}, or whose pinyin initials
	 * contain it when it is Latin letters ({@code wyc} finds 五一村): towns first, then
	 * villages, then the rest; within a level a name or initials starting with the query
	 * first.
	 */
	Flux<OrgPlace> search(Collection<String> scopePaths, String query, int limit);

	/** Orgs of the subtrees with confirmed coordinates inside the box (WGS84 degrees). */
	Flux<OrgPlace> locatedWithin(Collection<String> scopePaths, double minLat, double maxLat, double minLng,
			double maxLng);

	/** Towns and villages of the subtree without coordinates. */
	Flux<OrgPlace> unlocated(String subtreePath);

	/** The org as a place, or NOT_FOUND. */
	Mono<OrgPlace> require(long id);

	/**
	 * Sets the confirmed coordinates (WGS84) of an org, by whom and when; answers the org
	 * as it was before (joins the caller's transaction).
	 */
	Mono<OrgPlace> locate(long id, double lat, double lng, long userId, Instant at);

}
