package cn.luohe.grassroots.visit.internal;

/**
 * Why a visit deserves a second look. Flags never reject a visit: the record is kept and
 * the reviewer decides.
 */
public enum VisitFlag {

	/** The visit's business date lies outside visit week: kept, but no duty fulfilled. */
	OUTSIDE_VISIT_WEEK,

	/** The reported accuracy is worse than the configured bound. */
	LOW_ACCURACY,

	/** Faster than the configured speed from the same user's previous check-in. */
	IMPOSSIBLE_TRAVEL,

	/** Beyond the configured radius of the visited org's known location. */
	FAR_FROM_TARGET,

	/** The very same coordinates as the same user's previous check-in. */
	STALE_LOCATION,

	/** The device's clock is ahead of the server's. */
	CLOCK_SKEW,

	/** Received long after the device says it happened (an offline capture). */
	LATE_SYNC

}
