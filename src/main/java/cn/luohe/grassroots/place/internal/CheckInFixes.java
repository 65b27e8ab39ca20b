package cn.luohe.grassroots.place.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.geo.GeoPoint;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

/**
 * The accurate check-in fixes of completed visits, per visited org. Reads the visit
 * feature's {@code visit} table directly (one index range per org,
 * {@code visit_org_fix_idx}), as the dashboards do: visit has no api, and a call per org
 * would be a round trip each.
 */
@Repository
class CheckInFixes {

	private final DatabaseClient db;

	CheckInFixes(DatabaseClient db) {
		this.db = db;
	}

	/** The fixes (as reported, WGS84 or GCJ-02) of each org of {@code orgIds}. */
	Mono<Map<Long, List<GeoPoint>>> of(Collection<Long> orgIds, double maxAccuracy) {
		if (orgIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return this.db.sql("""
				SELECT org_id, check_in_lat, check_in_lng, check_in_accuracy, check_in_coord_system
				  FROM visit
				 WHERE org_id = ANY(:ids) AND status = 'COMPLETED' AND check_in_accuracy <= :accuracy
				""")
			.bind("ids", orgIds.toArray(Long[]::new))
			.bind("accuracy", maxAccuracy)
			.map(row -> Map.entry(Params.required(row.get("org_id", Long.class)),
					new GeoPoint(Params.required(row.get("check_in_lat", Double.class)),
							Params.required(row.get("check_in_lng", Double.class)),
							row.get("check_in_accuracy", Double.class),
							CoordSystem.valueOf(Params.required(row.get("check_in_coord_system", String.class))))))
			.all()
			.collect(HashMap::new,
					(byOrg, fix) -> byOrg.computeIfAbsent(fix.getKey(), id -> new ArrayList<>()).add(fix.getValue()));
	}

}
