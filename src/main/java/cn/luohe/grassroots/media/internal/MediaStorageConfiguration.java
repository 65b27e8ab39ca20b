package cn.luohe.grassroots.media.internal;

import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The photo store, chosen from {@code app.media.store} when the service starts. A plain
 * {@code switch} rather than {@code @ConditionalOnProperty}: the jar carries Spring AOT's
 * generated bean definitions (run with {@code -Dspring.aot.enabled=true}), which fix
 * every condition when the jar is built, whereas the store is each deployment's choice.
 */
@Configuration(proxyBeanMethods = false)
class MediaStorageConfiguration {

	@Bean
	MediaStorage mediaStorage(MediaProperties properties) {
		return switch (properties.store()) {
			case LOCAL -> new LocalMediaStorage(properties);
			case S3 -> new S3MediaStorage(properties);
		};
	}

	/** The {@code media} health component (not in readiness: only photos need it). */
	@Bean("media")
	ReactiveHealthIndicator mediaHealth(MediaStorage storage) {
		return storage::health;
	}

}
