package cn.luohe.grassroots.config;

import cn.luohe.grassroots.common.error.ProblemTranslator;
import cn.luohe.grassroots.common.error.ProblemTranslator.Problem;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;

@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ProblemTranslator problems) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.authorizeExchange(exchange -> exchange.anyExchange().permitAll())
			.exceptionHandling(handling -> handling
				.authenticationEntryPoint((exchange, ex) -> problems.write(exchange,
						new Problem(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", "A valid access token is required",
								List.of())))
				.accessDeniedHandler((exchange, ex) -> problems.write(exchange,
						new Problem(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE", "Your roles do not allow this action",
								List.of()))))
			.build();
	}

}
