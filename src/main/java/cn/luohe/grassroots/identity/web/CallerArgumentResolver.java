package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.Access;
import cn.luohe.grassroots.identity.api.Caller;
import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every handler method that declares a {@link Caller} parameter the caller of the
 * request, resolved reactively through {@link Access#caller()} (UNAUTHENTICATED, or the
 * answer for a deactivated user, before the handler runs). Declare it last, so that a
 * request's own parameters and body are validated first, as they were when handlers asked
 * {@code Access} themselves.
 */
@Configuration(proxyBeanMethods = false)
class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebFluxConfigurer {

	private final Access access;

	CallerArgumentResolver(Access access) {
		this.access = access;
	}

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(this);
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == Caller.class;
	}

	@Override
	public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
			ServerWebExchange exchange) {
		return this.access.caller().cast(Object.class);
	}

}
