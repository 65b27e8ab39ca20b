package cn.luohe.grassroots.identity.web;

import java.net.InetSocketAddress;
import java.time.Duration;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.internal.ScanSignInService;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * PC sign-in by scan: the browser starts and polls (no token: it has none yet), the
 * mini-program scans and decides with its own token.
 */
@RestController
@RequestMapping("/api/v1/auth/scan-sessions")
class ScanSignInController {

	static final String SECRET_HEADER = "X-Scan-Secret";

	private final ScanSignInService scans;

	private final ScanViewMapper mapper;

	ScanSignInController(ScanSignInService scans, ScanViewMapper mapper) {
		this.scans = scans;
		this.mapper = mapper;
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Mono<ScanViews.StartedView> start(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		return this.scans.start(address, request.getHeaders().getFirst(HttpHeaders.USER_AGENT))
			.map(this.mapper::toView);
	}

	/** {@code wait}: seconds to wait for a change (0-25; 0 answers at once). */
	@GetMapping("/{id}")
	Mono<ScanViews.PollView> poll(@PathVariable String id,
			@RequestHeader(name = SECRET_HEADER, required = false) @Nullable String secret,
			@RequestParam(required = false) @Nullable Integer wait) {
		if (secret == null || secret.isBlank() || secret.length() > 128) {
			return Mono.error(ApiException.invalidField(SECRET_HEADER, "is required: the secret of the scan session"));
		}
		if (wait != null && (wait < 0 || wait > 25)) {
			return Mono.error(ApiException.invalidField("wait", "must be between 0 and 25"));
		}
		if (id.length() > 64) {
			return Mono.error(ApiException.notFound("Scan session"));
		}
		return this.scans.poll(id, secret, Duration.ofSeconds((wait != null) ? wait : 0)).map(this.mapper::toView);
	}

	@PostMapping("/scan")
	Mono<ScanViews.ScannedView> scan(@Valid @RequestBody ScanViews.ScanRequest request, Caller caller) {
		return this.scans.scan(caller, request.scene()).map(this.mapper::toView);
	}

	@PostMapping("/confirm")
	Mono<ScanViews.DecisionView> confirm(@Valid @RequestBody ScanViews.DecisionRequest request, Caller caller) {
		return this.scans.decide(caller, request.scene(), request.accept())
			.map(status -> new ScanViews.DecisionView(status.name()));
	}

}
