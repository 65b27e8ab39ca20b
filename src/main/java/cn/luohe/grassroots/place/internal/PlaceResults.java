package cn.luohe.grassroots.place.internal;

import java.time.Instant;

import cn.luohe.grassroots.org.api.OrgPlace;
import org.jspecify.annotations.Nullable;

/** What the place service answers. */
public final class PlaceResults {

	private PlaceResults() {
	}

	/** An org near a fix, {@code metres} away. */
	public record Nearby(OrgPlace place, double metres) {
	}

	/** An org without coordinates and the point its check-ins propose. */
	public record Proposal(OrgPlace place, ProposedPoint point) {
	}

	/**
	 * Coordinates just confirmed: the org as it is now, where they came from
	 * ({@code PROPOSAL} or {@code MANUAL}), the fixes of a proposal, the previous point.
	 */
	public record Located(OrgPlace place, String source, @Nullable Integer fixes, @Nullable Double previousLat,
			@Nullable Double previousLng, long confirmedBy, Instant confirmedAt) {
	}

}
