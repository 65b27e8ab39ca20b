package cn.luohe.grassroots.place.web;

import java.util.List;

import cn.luohe.grassroots.common.geo.CoordSystem;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.place.internal.PlaceService;
import cn.luohe.grassroots.place.web.PlaceViews.CoordinatesView;
import cn.luohe.grassroots.place.web.PlaceViews.LocateRequest;
import cn.luohe.grassroots.place.web.PlaceViews.NearbyView;
import cn.luohe.grassroots.place.web.PlaceViews.PlaceView;
import cn.luohe.grassroots.place.web.PlaceViews.ProposalView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Finding the place: search, nearby, proposed and confirmed coordinates. */
@RestController
@RequestMapping("/api/v1/orgs")
class PlaceController {

	private final PlaceService places;

	PlaceController(PlaceService places) {
		this.places = places;
	}

	@GetMapping("/search")
	Mono<Page<PlaceView>> search(@RequestParam String q, @RequestParam(required = false) @Nullable Integer limit,
			Caller caller) {
		return this.places.search(caller, q, limit).map(PlaceView::of).collectList().map(PlaceController::page);
	}

	@GetMapping("/nearby")
	Mono<Page<NearbyView>> nearby(@RequestParam double lat, @RequestParam double lng,
			@RequestParam(required = false) @Nullable String coordSystem,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable Integer maxDistance, Caller caller) {
		CoordSystem system = system(coordSystem);
		return this.places.nearby(caller, lat, lng, system, limit, maxDistance)
			.map(NearbyView::of)
			.collectList()
			.map(PlaceController::page);
	}

	@GetMapping("/coordinate-proposals")
	Mono<Page<ProposalView>> proposals(@RequestParam(required = false) @Nullable Long countyId, Caller caller) {
		return this.places.proposals(caller, countyId).map(ProposalView::of).collectList().map(PlaceController::page);
	}

	@PostMapping("/{id}/coordinates")
	Mono<CoordinatesView> locate(@PathVariable long id,
			@Valid @RequestBody(required = false) @Nullable LocateRequest request, Caller caller) {
		LocateRequest body = (request != null) ? request : new LocateRequest(null, null, null);
		return this.places.locate(caller, id, body.lat(), body.lng(), system(body.coordSystem()))
			.map(CoordinatesView::of);
	}

	private static CoordSystem system(@Nullable String value) {
		return (value == null || value.isBlank()) ? CoordSystem.WGS84
				: RequestValues.constant(CoordSystem.class, value, "coordSystem");
	}

	private static <T> Page<T> page(List<T> items) {
		return new Page<>(items, null);
	}

}
