package cn.luohe.grassroots.config;

import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.error.ProblemTranslator;
import cn.luohe.grassroots.common.error.ProblemTranslator.Problem;
import cn.luohe.grassroots.common.security.RequestFirewall;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;

@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	/** Called without a token: sign-in, health and the contract. */
	private static final PublicPaths PUBLIC = PublicPaths
		.of(HttpMethod.POST, "/api/v1/auth/wechat-login", "/api/v1/auth/refresh", "/api/v1/auth/dev-login",
				"/api/v1/auth/scan-sessions")
		// the browser polls its sign-in with the session's secret, before it has a token
		.and(HttpMethod.GET, "/api/v1/auth/scan-sessions/{id}")
		// WeChat: its signed message push, and the signed photo links its media check
		// fetches
		.and(HttpMethod.GET, "/api/v1/wechat/push", "/api/v1/media/{id}/check-copy")
		.and(HttpMethod.POST, "/api/v1/wechat/push")
		// the big screen's page and its scripts; its API calls carry the browser's token
		.and(HttpMethod.GET, "/screen", "/screen/**", "/webjars/**")
		.and(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus", "/api/v1/openapi.yaml");

	/**
	 * EventSource cannot send a token: the feed resolves the caller itself, from a
	 * single-use ticket when there is one, else from the token (feed/web
	 * StreamAuthenticator, shared by both paths below). A stream that opens is served
	 * ahead of this chain, by the feed's FeedStreamFilter with this chain's bearer token
	 * rules and header writer; every refusal still comes through here, to FeedController.
	 */
	private static final PublicPaths FEED_STREAM = PublicPaths.of(HttpMethod.GET, "/api/v1/feed/stream");

	/**
	 * No Spring Security observations: with an observation registry present, Spring
	 * Security wraps every filter of the chain in an observing decorator and observes
	 * each authentication and authorization. The management property that disables them
	 * only drops the finished observations; the wrappers were still built on every
	 * request and held for as long as it lasted (an open SSE stream for hours). Measured
	 * in docs/performance.md; http.server.requests stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * The firewall's refusals (encoded slashes, {@code ..}, {@code ;}, {@code //}, NUL,
	 * methods like TRACE) as problem+json instead of a bare 400: picked up by
	 * {@code @EnableWebFluxSecurity}'s WebFilterChainProxy.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedRequests(ProblemTranslator problems) {
		return (exchange, ex) -> {
			HttpMethod method = exchange.getRequest().getMethod();
			if (!STANDARD_METHODS.contains(method)) {
				return problems.write(exchange,
						new Problem(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "不支持该请求方法", List.of()));
			}
			return problems.write(exchange,
					new Problem(HttpStatus.BAD_REQUEST, "REQUEST_REJECTED", "请求地址含有不允许的字符或路径片段", List.of()));
		};
	}

	/**
	 * The firewall WebFilterChainProxy applies first, with header and parameter rules
	 * checked without a regex (RequestFirewall).
	 */
	@Bean
	static ServerWebExchangeFirewall requestFirewall() {
		return RequestFirewall.create();
	}

	private static final Set<HttpMethod> STANDARD_METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
			HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemTranslator problems) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange(exchange -> exchange.matchers(PUBLIC)
				.permitAll()
				.matchers(FEED_STREAM)
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.bearerTokenConverter(bearerTokenOutsidePublicPaths())
				.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(unauthenticated(problems)))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated(problems))
				.accessDeniedHandler((exchange, ex) -> problems.write(exchange,
						new Problem(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE", "Your roles do not allow this action",
								List.of()))))
			.build();
	}

	/**
	 * Public endpoints ignore the Authorization header: a mini-program that attaches its
	 * (expired) token to every request must still be able to refresh or log in again.
	 */
	private static ServerAuthenticationConverter bearerTokenOutsidePublicPaths() {
		ServerBearerTokenAuthenticationConverter bearer = new ServerBearerTokenAuthenticationConverter();
		return exchange -> PUBLIC.test(exchange.getRequest()) ? Mono.empty() : bearer.convert(exchange);
	}

	/**
	 * Missing, expired, tampered: one answer, so nothing is learnt from the difference.
	 */
	private static ServerAuthenticationEntryPoint unauthenticated(ProblemTranslator problems) {
		return (exchange, ex) -> problems.write(exchange,
				new Problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "A valid access token is required", List.of()));
	}

}
