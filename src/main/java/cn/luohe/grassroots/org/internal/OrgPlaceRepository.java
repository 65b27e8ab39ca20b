package cn.luohe.grassroots.org.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Locale;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.org.api.OrgPlace;
import cn.luohe.grassroots.org.api.OrgPlaces;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The org tree's place queries. The town and county of an org are the orgs whose codes
 * stand third and fourth in its path ({@code /city/county/town/}).
 */
@Repository
class OrgPlaceRepository implements OrgPlaces {

	private static final String SELECT = """
			SELECT o.id, o.code, o.name, o.level, o.parent_id, o.path, o.lat, o.lng, o.coordinates_confirmed_at,
			       t.name AS town_name, c.name AS county_name
			  FROM org_unit o
			  LEFT JOIN org_unit t ON o.level = 'VILLAGE' AND t.code = split_part(o.path, '/', 4)
			  LEFT JOIN org_unit c ON o.level IN ('TOWN', 'VILLAGE') AND c.code = split_part(o.path, '/', 3)
			""";

	private static final String LEVEL_RANK = """
			CASE o.level WHEN 'TOWN' THEN 0 WHEN 'VILLAGE' THEN 1 WHEN 'COUNTY' THEN 2 WHEN 'CITY' THEN 3 ELSE 4 END""";

	private final DatabaseClient db;

	private final OrgCache cache;

	OrgPlaceRepository(DatabaseClient db, OrgCache cache) {
		this.db = db;
		this.cache = cache;
	}

	@Override
	public Flux<OrgPlace> search(Collection<String> scopePaths, String query, int limit) {
		if (scopePaths.isEmpty()) {
			return Flux.empty();
		}
		String initials = query.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
				? query.toLowerCase(Locale.ROOT) : null;
		String sql = SELECT
				+ """
						 WHERE o.path LIKE ANY(:scopes)
						   AND (o.name LIKE :contains OR (:initials::text IS NOT NULL AND o.name_initials LIKE :initialsContain))
						 ORDER BY %s,
						          CASE WHEN o.name = :query OR o.name_initials = :initials THEN 0
						               WHEN o.name LIKE :starts OR o.name_initials LIKE :initialsStart THEN 1 ELSE 2 END,
						          length(o.name), o.code
						 LIMIT :limit
						"""
					.formatted(LEVEL_RANK);
		String literal = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
		return this.db.sql(sql)
			.bind("scopes", scopes(scopePaths))
			.bind("query", query)
			.bind("contains", "%" + literal + "%")
			.bind("starts", literal + "%")
			.bind("initials", Params.nullable(initials, String.class))
			.bind("initialsContain", (initials != null) ? "%" + initials + "%" : "")
			.bind("initialsStart", (initials != null) ? initials + "%" : "")
			.bind("limit", limit)
			.map(OrgPlaceRepository::toPlace)
			.all();
	}

	@Override
	public Flux<OrgPlace> locatedWithin(Collection<String> scopePaths, double minLat, double maxLat, double minLng,
			double maxLng) {
		if (scopePaths.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql(SELECT + """
				 WHERE o.lat IS NOT NULL AND o.lng IS NOT NULL
				   AND o.lat BETWEEN :minLat AND :maxLat AND o.lng BETWEEN :minLng AND :maxLng
				   AND o.path LIKE ANY(:scopes)
				""")
			.bind("scopes", scopes(scopePaths))
			.bind("minLat", minLat)
			.bind("maxLat", maxLat)
			.bind("minLng", minLng)
			.bind("maxLng", maxLng)
			.map(OrgPlaceRepository::toPlace)
			.all();
	}

	@Override
	public Flux<OrgPlace> unlocated(String subtreePath) {
		return this.db.sql(SELECT + """
				 WHERE o.path LIKE :prefix AND o.level IN ('TOWN', 'VILLAGE') AND (o.lat IS NULL OR o.lng IS NULL)
				 ORDER BY o.code
				""").bind("prefix", Params.likePrefix(subtreePath)).map(OrgPlaceRepository::toPlace).all();
	}

	@Override
	public Mono<OrgPlace> require(long id) {
		return this.db.sql(SELECT + " WHERE o.id = :id")
			.bind("id", id)
			.map(OrgPlaceRepository::toPlace)
			.one()
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + id)));
	}

	@Override
	public Mono<OrgPlace> locate(long id, double lat, double lng, long userId, Instant at) {
		// the row as it was, locked for the rest of the transaction, then the new point
		return this.db.sql(SELECT + " WHERE o.id = :id FOR UPDATE OF o")
			.bind("id", id)
			.map(OrgPlaceRepository::toPlace)
			.one()
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + id)))
			.flatMap(before -> this.db.sql("""
					UPDATE org_unit
					   SET lat = :lat, lng = :lng, coordinates_confirmed_at = :at, coordinates_confirmed_by = :user,
					       updated_at = :at
					 WHERE id = :id
					""")
				.bind("lat", lat)
				.bind("lng", lng)
				.bind("at", at)
				.bind("user", userId)
				.bind("id", id)
				.fetch()
				.rowsUpdated()
				.then(this.cache.changedAfterCommit(id))
				.thenReturn(before));
	}

	private static String[] scopes(Collection<String> scopePaths) {
		return scopePaths.stream().map(Params::likePrefix).toArray(String[]::new);
	}

	private static OrgPlace toPlace(Readable row) {
		OffsetDateTime confirmed = row.get("coordinates_confirmed_at", OffsetDateTime.class);
		return new OrgPlace(OrgRepository.toOrg(row), row.get("town_name", String.class),
				row.get("county_name", String.class), row.get("lat", Double.class), row.get("lng", Double.class),
				(confirmed != null) ? confirmed.toInstant() : null);
	}

}
