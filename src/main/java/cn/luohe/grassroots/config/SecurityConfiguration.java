package cn.luohe.grassroots.config;

import cn.luohe.grassroots.common.error.ProblemTranslator;
import cn.luohe.grassroots.common.error.ProblemTranslator.Problem;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemTranslator problems) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange(exchange -> exchange
				.pathMatchers(HttpMethod.POST, "/api/v1/auth/wechat-login", "/api/v1/auth/refresh",
						"/api/v1/auth/dev-login")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
						"/api/v1/openapi.yaml")
				.permitAll()
				// EventSource cannot send a token: the feed resolves the caller itself,
				// from the token when there is one, else from a single-use ticket
				.pathMatchers(HttpMethod.GET, "/api/v1/feed/stream")
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(unauthenticated(problems)))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(unauthenticated(problems))
				.accessDeniedHandler((exchange, ex) -> problems.write(exchange,
						new Problem(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE", "Your roles do not allow this action",
								List.of()))))
			.build();
	}

	/**
	 * Missing, expired, tampered: one answer, so nothing is learnt from the difference.
	 */
	private static ServerAuthenticationEntryPoint unauthenticated(ProblemTranslator problems) {
		return (exchange, ex) -> problems.write(exchange,
				new Problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "A valid access token is required", List.of()));
	}

}
