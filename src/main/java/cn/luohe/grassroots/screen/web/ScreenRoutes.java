package cn.luohe.grassroots.screen.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /screen}: the big screen's page, served by the service itself (its scripts,
 * styles and map under {@code /screen/}, ECharts from its WebJar). The page is
 * revalidated on every load so that a new release reaches a screen left open; the page
 * holds no data, everything comes from the API with the browser's token.
 */
@Configuration(proxyBeanMethods = false)
class ScreenRoutes {

	private static final Resource PAGE = new ClassPathResource("static/screen/index.html");

	@Bean
	RouterFunction<ServerResponse> screenPage() {
		return RouterFunctions.route().GET("/screen", request -> page()).GET("/screen/", request -> page()).build();
	}

	private static reactor.core.publisher.Mono<ServerResponse> page() {
		return ServerResponse.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.header("Content-Security-Policy",
					"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'")
			.bodyValue(PAGE);
	}

}
