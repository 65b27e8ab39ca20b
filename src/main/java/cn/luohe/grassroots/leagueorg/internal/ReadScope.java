package cn.luohe.grassroots.leagueorg.internal;

import java.util.List;

/**
 * What a caller may read, as SQL binds: everything, the host units of some county-level
 * units, and (departments) host units of some kinds city-wide, private enterprises only
 * when a department covers them all or the unit is a member or ranked one (统战部).
 */
record ReadScope(boolean all, List<Long> countyIds, List<String> kinds, boolean allPrivate) {

	static final ReadScope NOTHING = new ReadScope(false, List.of(), List.of(), false);

	static final ReadScope EVERYTHING = new ReadScope(true, List.of(), List.of(), true);

	/** The predicate on host unit alias {@code h}. */
	static final String PREDICATE = """
			(:all OR h.county_id = ANY(:counties)
			  OR (h.kind = ANY(:kinds) AND (h.kind <> 'PRIVATE_ENTERPRISE' OR :allPrivate
			      OR h.youth_federation_member OR h.young_entrepreneur_member OR h.provincial_top100
			      OR h.city_top20)))
			""";

	boolean isEmpty() {
		return !this.all && this.countyIds.isEmpty() && this.kinds.isEmpty();
	}

}
