package cn.luohe.grassroots.youthhome.api;

import reactor.core.publisher.Mono;

/** Lookups of Youth Homes for other features (identity binds managers to homes). */
public interface YouthHomeDirectory {

	/** The home, or an empty Mono. */
	Mono<YouthHomeRef> find(long id);

}
