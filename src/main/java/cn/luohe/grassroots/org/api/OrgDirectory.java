package cn.luohe.grassroots.org.api;

import java.util.Collection;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What other features may ask of the org tree. */
public interface OrgDirectory {

	/** The org, or an empty Mono. */
	Mono<Org> findById(long id);

	Mono<Org> findByCode(String code);

	/** Direct children ordered by code, after {@code afterCode} when given. */
	Flux<Org> children(long parentId, @Nullable String afterCode, int limit);

	/**
	 * Every org of the subtree rooted at {@code root} on {@code level} (index range
	 * scan).
	 */
	Flux<Org> subtree(Org root, OrgLevel level);

	Flux<Org> findAllById(Collection<Long> ids);

	/** The org, or NOT_FOUND. */
	Mono<Org> require(long id);

	/** The org's town and county (one query over the codes of its path). */
	Mono<OrgLineage> lineage(Org org);

	/** The org of {@code id} with its town and county (one query), or NOT_FOUND. */
	Mono<OrgLineage> requireLineage(long id);

	/** Moves an org (and its subtree) under a new parent of the level above it. */
	Mono<Org> move(long id, long newParentId);

}
