package cn.luohe.grassroots.common.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * No API parameter is a list, so a query parameter given twice
 * ({@code countyId=5&countyId=6}) is refused (400 VALIDATION_FAILED naming it) instead of
 * Spring silently binding the first value; nor may a value hold NUL ({@code %00}), which
 * PostgreSQL cannot take as text.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class SingleQueryValuesFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
			// the actuator's own lists (prometheus' includedNames) stay as they are
			return chain.filter(exchange);
		}
		for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
			if (parameter.getValue().size() > 1) {
				return Mono.error(ApiException.invalidField(parameter.getKey(), "只能出现一次"));
			}
			if (parameter.getValue().stream().anyMatch(value -> value != null && value.indexOf('\u0000') >= 0)) {
				return Mono
					.error(ApiException.validation(List.of(ApiException.FieldProblem.of(parameter.getKey(), "noNul"))));
			}
		}
		return chain.filter(exchange);
	}

}
