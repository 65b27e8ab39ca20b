package cn.luohe.grassroots.place.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.error.ApiException.FieldProblem;
import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.org.api.OrgPlace;
import cn.luohe.grassroots.org.api.OrgPlaces;
import cn.luohe.grassroots.place.internal.PlaceResults.Located;
import cn.luohe.grassroots.place.internal.PlaceResults.Nearby;
import cn.luohe.grassroots.place.internal.PlaceResults.Proposal;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Search, nearby and the coordinates that learn. Every list is limited to the caller's
 * subtrees (the orgs of their bindings); proposals and confirmations belong to the
 * administrators of the place (COUNTY_SECRETARY of its county, CITY_ADMIN).
 */
@Service
public class PlaceService {

	private static final double METRES_PER_DEGREE = 111_320;

	private static final Set<Role> CONFIRMERS = Role.ADMINISTRATORS;

	private final Access access;

	private final OrgPlaces places;

	private final CheckInFixes fixes;

	private final DatabaseClient db;

	private final BusinessClock clock;

	private final PlaceProperties properties;

	PlaceService(Access access, OrgPlaces places, CheckInFixes fixes, DatabaseClient db, BusinessClock clock,
			PlaceProperties properties) {
		this.access = access;
		this.places = places;
		this.fixes = fixes;
		this.db = db;
		this.clock = clock;
		this.properties = properties;
	}

	/** Orgs of the caller's scope by name fragment or pinyin initials. */
	public Flux<OrgPlace> search(Caller caller, String query, @Nullable Integer limit) {
		String q = query.strip();
		if (q.isEmpty() || q.codePointCount(0, q.length()) > 20) {
			throw ApiException.validation(List.of(FieldProblem.of("q", "searchQuery")));
		}
		int size = limit(limit, this.properties.searchLimit());
		return this.places.search(scopePaths(caller), q, size);
	}

	/**
	 * Orgs of the caller's scope with confirmed coordinates, nearest first, within
	 * {@code maxDistance} metres of the fix (converted to WGS84 when it is GCJ-02).
	 */
	public Flux<Nearby> nearby(Caller caller, double lat, double lng, CoordSystem system, @Nullable Integer limit,
			@Nullable Integer maxDistance) {
		if (lat < -90 || lat > 90) {
			throw ApiException.validation(List.of(FieldProblem.of("lat", "latitude")));
		}
		if (lng < -180 || lng > 180) {
			throw ApiException.validation(List.of(FieldProblem.of("lng", "longitude")));
		}
		int size = limit(limit, this.properties.nearbyLimit());
		int radius = this.properties.nearbyMaxDistance();
		if (maxDistance != null) {
			if (maxDistance < 1 || maxDistance > radius) {
				throw ApiException.validation(List.of(FieldProblem.of("maxDistance", "between", 1, radius)));
			}
			radius = maxDistance;
		}
		GeoPoint fix = new GeoPoint(lat, lng, null, system).toWgs84();
		double dLat = radius / METRES_PER_DEGREE;
		double dLng = radius / (METRES_PER_DEGREE * Math.max(0.01, Math.cos(Math.toRadians(fix.lat()))));
		double within = radius;
		List<String> scopes = scopePaths(caller);
		return this.places.locatedWithin(scopes, fix.lat() - dLat, fix.lat() + dLat, fix.lng() - dLng, fix.lng() + dLng)
			.map(place -> new Nearby(place, fix.metresTo(pointOf(place))))
			.filter(near -> near.metres() <= within)
			.sort(Comparator.comparingDouble(Nearby::metres).thenComparing(near -> near.place().org().code()))
			.take(size);
	}

	/**
	 * The towns and villages of a county without coordinates whose check-ins propose a
	 * point; the county is the caller's own when they administer one county.
	 */
	public Flux<Proposal> proposals(Caller caller, @Nullable Long countyId) {
		return county(caller, countyId).flatMapMany(county -> this.places.unlocated(county.path())
			.collectList()
			.flatMapMany(unlocated -> this.fixes
				.of(unlocated.stream().map(place -> place.org().id()).toList(), this.properties.proposalMaxAccuracy())
				.flatMapMany(byOrg -> Flux.fromIterable(unlocated).concatMap(place -> {
					ProposedPoint point = ProposedPoint.of(byOrg.getOrDefault(place.org().id(), List.of()),
							this.properties.proposalMinFixes());
					return (point != null) ? Mono.just(new Proposal(place, point)) : Mono.empty();
				}))));
	}

	/**
	 * Confirms the proposed point of a town or village ({@code lat}, {@code lng} null) or
	 * sets its coordinates; audited in {@code org_coordinate_change}.
	 */
	@Transactional
	public Mono<Located> locate(Caller caller, long orgId, @Nullable Double lat, @Nullable Double lng,
			CoordSystem system) {
		if ((lat == null) != (lng == null)) {
			return Mono
				.error(ApiException.validation(List.of(FieldProblem.of((lat == null) ? "lat" : "lng", "required"))));
		}
		if (lat != null && (lat < -90 || lat > 90)) {
			return Mono.error(ApiException.validation(List.of(FieldProblem.of("lat", "latitude"))));
		}
		if (lng != null && (lng < -180 || lng > 180)) {
			return Mono.error(ApiException.validation(List.of(FieldProblem.of("lng", "longitude"))));
		}
		return this.access.requireOrg(caller, orgId, CONFIRMERS).flatMap(org -> {
			if (org.level() != OrgLevel.TOWN && org.level() != OrgLevel.VILLAGE) {
				return Mono.error(ApiException.unprocessable("COORDINATES_NOT_APPLICABLE",
						"Only towns and villages have coordinates"));
			}
			if (lat != null && lng != null) {
				GeoPoint point = new GeoPoint(lat, lng, null, system).toWgs84();
				return save(caller, org, point.lat(), point.lng(), "MANUAL", null);
			}
			return this.fixes.of(List.of(org.id()), this.properties.proposalMaxAccuracy()).flatMap(byOrg -> {
				ProposedPoint point = ProposedPoint.of(byOrg.getOrDefault(org.id(), List.of()),
						this.properties.proposalMinFixes());
				if (point == null) {
					return Mono
						.error(ApiException.unprocessable("NO_COORDINATE_PROPOSAL", "No proposed point: fewer than "
								+ this.properties.proposalMinFixes() + " accurate completed check-ins"));
				}
				return save(caller, org, point.lat(), point.lng(), "PROPOSAL", point.fixes());
			});
		});
	}

	private Mono<Located> save(Caller caller, Org org, double lat, double lng, String source,
			@Nullable Integer fixCount) {
		Instant now = this.clock.now();
		return this.places.locate(org.id(), lat, lng, caller.userId(), now)
			.flatMap(before -> this.db.sql("""
					INSERT INTO org_coordinate_change (org_id, changed_by, changed_at, source, before_lat, before_lng,
					                                   after_lat, after_lng, fixes)
					VALUES (:org, :user, :at, :source, :beforeLat, :beforeLng, :lat, :lng, :fixes)
					""")
				.bind("org", org.id())
				.bind("user", caller.userId())
				.bind("at", now)
				.bind("source", source)
				.bind("beforeLat", nullable(before.lat()))
				.bind("beforeLng", nullable(before.lng()))
				.bind("lat", lat)
				.bind("lng", lng)
				.bind("fixes", Params.nullable(fixCount, Integer.class))
				.fetch()
				.rowsUpdated()
				.then(this.places.require(org.id()))
				.map(after -> new Located(after, source, fixCount, before.lat(), before.lng(), caller.userId(), now)));
	}

	private static Parameter nullable(@Nullable Double value) {
		return Params.nullable(value, Double.class);
	}

	/**
	 * The county a proposals list covers: the one asked for (an administrator over it),
	 * or the caller's only county as a COUNTY_SECRETARY.
	 */
	private Mono<Org> county(Caller caller, @Nullable Long countyId) {
		if (countyId != null) {
			return this.access.requireOrg(caller, countyId, CONFIRMERS)
				.flatMap(org -> (org.level() == OrgLevel.COUNTY) ? Mono.just(org) : Mono.error(ApiException
					.unprocessable("NOT_A_COUNTY", org.name() + " is a " + org.level() + ", not a county-level unit")));
		}
		if (!caller.hasAnyRole(CONFIRMERS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		List<Org> counties = caller.bindings()
			.stream()
			.filter(b -> b.role() == Role.COUNTY_SECRETARY)
			.map(RoleBinding::org)
			.distinct()
			.toList();
		if (counties.size() != 1) {
			return Mono.error(ApiException.validation(List.of(FieldProblem.of("countyId", "required"))));
		}
		return Mono.just(counties.get(0));
	}

	/**
	 * The paths of the caller's subtrees (none nested in another); FORBIDDEN_ROLE without
	 * any binding.
	 */
	static List<String> scopePaths(Caller caller) {
		if (caller.bindings().isEmpty()) {
			throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE", "Your roles do not allow this action");
		}
		List<String> paths = caller.bindings().stream().map(b -> b.org().path()).distinct().sorted().toList();
		return paths.stream()
			.filter(path -> paths.stream().noneMatch(other -> !other.equals(path) && path.startsWith(other)))
			.toList();
	}

	private static int limit(@Nullable Integer limit, int max) {
		if (limit == null) {
			return max;
		}
		if (limit < 1 || limit > max) {
			throw ApiException.validation(List.of(FieldProblem.of("limit", "between", 1, max)));
		}
		return limit;
	}

	private static GeoPoint pointOf(OrgPlace place) {
		return new GeoPoint(Params.required(place.lat()), Params.required(place.lng()), null, CoordSystem.WGS84);
	}

}
