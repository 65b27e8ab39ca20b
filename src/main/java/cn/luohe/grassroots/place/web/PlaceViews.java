package cn.luohe.grassroots.place.web;

import java.time.Instant;

import cn.luohe.grassroots.org.api.OrgPlace;
import cn.luohe.grassroots.place.internal.PlaceResults.Located;
import cn.luohe.grassroots.place.internal.PlaceResults.Nearby;
import cn.luohe.grassroots.place.internal.PlaceResults.Proposal;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

/** Requests and answers of the place endpoints. */
final class PlaceViews {

	private PlaceViews() {
	}

	/**
	 * An org found by search: its town and county names tell two of the same name apart;
	 * {@code lat}/{@code lng} are its confirmed coordinates (WGS84) or null.
	 */
	record PlaceView(long id, String code, String name, String level, @Nullable Long parentId,
			@Nullable String townName, @Nullable String countyName, @Nullable Double lat, @Nullable Double lng) {

		static PlaceView of(OrgPlace place) {
			return new PlaceView(place.org().id(), place.org().code(), place.org().name(), place.org().level().name(),
					place.org().parentId(), place.townName(), place.countyName(), place.lat(), place.lng());
		}

	}

	/** An org near the fix, {@code distanceMetres} away (rounded to the metre). */
	record NearbyView(long id, String code, String name, String level, @Nullable Long parentId,
			@Nullable String townName, @Nullable String countyName, double lat, double lng, long distanceMetres) {

		static NearbyView of(Nearby near) {
			OrgPlace place = near.place();
			return new NearbyView(place.org().id(), place.org().code(), place.org().name(), place.org().level().name(),
					place.org().parentId(), place.townName(), place.countyName(),
					(place.lat() != null) ? place.lat() : 0, (place.lng() != null) ? place.lng() : 0,
					Math.round(near.metres()));
		}

	}

	/** A proposed point (WGS84) of a town or village without coordinates. */
	record ProposalView(long orgId, String code, String name, String level, @Nullable String townName, double lat,
			double lng, int fixes) {

		static ProposalView of(Proposal proposal) {
			OrgPlace place = proposal.place();
			return new ProposalView(place.org().id(), place.org().code(), place.org().name(),
					place.org().level().name(), place.townName(), proposal.point().lat(), proposal.point().lng(),
					proposal.point().fixes());
		}

	}

	/**
	 * Confirms the proposed point (no body, or neither {@code lat} nor {@code lng}) or
	 * sets the coordinates, given in {@code coordSystem} (default WGS84).
	 */
	record LocateRequest(@Nullable Double lat, @Nullable Double lng,
			@Nullable @Pattern(regexp = "WGS84|GCJ02", message = "must be WGS84 or GCJ02") String coordSystem) {
	}

	/**
	 * The coordinates as confirmed now (WGS84), where they came from, the previous ones.
	 */
	record CoordinatesView(long orgId, double lat, double lng, String source, @Nullable Integer fixes,
			@Nullable Double previousLat, @Nullable Double previousLng, long confirmedBy, Instant confirmedAt) {

		static CoordinatesView of(Located located) {
			OrgPlace place = located.place();
			return new CoordinatesView(place.org().id(), (place.lat() != null) ? place.lat() : 0,
					(place.lng() != null) ? place.lng() : 0, located.source(), located.fixes(), located.previousLat(),
					located.previousLng(), located.confirmedBy(), located.confirmedAt());
		}

	}

}
