package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.geo.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * A validated check-out. {@code occurredAt} is the device time of an offline check-out
 * synced later.
 */
public record CheckOutCommand(GeoPoint location, @Nullable Instant occurredAt, int peopleMet, List<String> needs,
		List<String> resolved, @Nullable String summary) {

	/**
	 * The most needs one check-out records: the request's limit, and the most ids the
	 * check-out's read draws ({@link VisitRepository#checkOutSurroundings}).
	 */
	public static final int MAX_NEEDS = 20;

	public CheckOutCommand {
		if (needs.size() > MAX_NEEDS) {
			throw new IllegalArgumentException("more than " + MAX_NEEDS + " needs: " + needs.size());
		}
	}

}
