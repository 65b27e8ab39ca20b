package cn.luohe.grassroots.config;

import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Endpoints matched by method and path pattern, in one matcher. Spring Security's own
 * path matchers log every attempt at DEBUG through commons-logging, whose SLF4J bridge
 * renders the message even with DEBUG off (spring-framework#37266): with the rules of
 * {@link SecurityConfiguration} that was a dozen {@code String.format} calls on every
 * request.
 */
final class PublicPaths implements ServerWebExchangeMatcher {

	private record Rule(HttpMethod method, PathPattern pattern) {
	}

	private final List<Rule> rules;

	private PublicPaths(List<Rule> rules) {
		this.rules = List.copyOf(rules);
	}

	static PublicPaths of(HttpMethod method, String... patterns) {
		return new PublicPaths(List.of()).and(method, patterns);
	}

	PublicPaths and(HttpMethod method, String... patterns) {
		List<Rule> rules = new ArrayList<>(this.rules);
		for (String pattern : patterns) {
			rules.add(new Rule(method, PathPatternParser.defaultInstance.parse(pattern)));
		}
		return new PublicPaths(rules);
	}

	boolean test(ServerHttpRequest request) {
		PathContainer path = request.getPath().pathWithinApplication();
		for (Rule rule : this.rules) {
			if (rule.method().equals(request.getMethod()) && rule.pattern().matches(path)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public Mono<MatchResult> matches(ServerWebExchange exchange) {
		return test(exchange.getRequest()) ? MatchResult.match() : MatchResult.notMatch();
	}

}
