package cn.luohe.grassroots.identity.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A browser signed in by scan, as its access tokens carry it: the session's id (claim
 * {@code sid}, refused once the session is revoked), the role bindings the user held when
 * they confirmed (claim {@code bids}: the browser acts with those only, while they stay
 * active) and {@code client = browser}.
 */
record BrowserSession(long id, List<Long> bindingIds) {

	static final String SESSION_CLAIM = "sid";

	static final String BINDINGS_CLAIM = "bids";

	static final String CLIENT_CLAIM = "client";

	static final String BROWSER = "browser";

	/** The browser session of a verified token, null for a mini-program token. */
	static @Nullable BrowserSession of(Jwt jwt) {
		Object id = jwt.getClaim(SESSION_CLAIM);
		if (!(id instanceof Number number)) {
			return null;
		}
		List<?> raw = jwt.getClaim(BINDINGS_CLAIM);
		List<Long> bindings = (raw != null)
				? raw.stream().filter(Number.class::isInstance).map(n -> ((Number) n).longValue()).toList() : List.of();
		return new BrowserSession(number.longValue(), bindings);
	}

	/** The browser session of the current request, empty for a mini-program token. */
	static Mono<BrowserSession> current() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(context -> (context.getAuthentication() instanceof JwtAuthenticationToken token)
					? of(token.getToken()) : null);
	}

}
