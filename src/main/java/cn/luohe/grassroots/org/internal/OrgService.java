package cn.luohe.grassroots.org.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cn.luohe.grassroots.common.db.LockConflicts;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.org.api.OrgLineage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

@Service
class OrgService implements OrgDirectory {

	private final OrgRepository orgs;

	private final OrgCache cache;

	private final OrgSubtreeCache subtrees;

	private final TransactionalOperator tx;

	/** Times a move is run again after losing a deadlock. */
	private static final int MOVE_RETRIES = 3;

	/**
	 * Ids by code: an org's code is its division code, set once and never changed or
	 * reused (no statement updates or deletes it), so this map needs no invalidation; the
	 * org itself comes from the replicated cache, which a move invalidates.
	 */
	private final Map<String, Long> idsByCode = new ConcurrentHashMap<>();

	OrgService(OrgRepository orgs, OrgCache cache, OrgSubtreeCache subtrees, TransactionalOperator tx) {
		this.orgs = orgs;
		this.cache = cache;
		this.subtrees = subtrees;
		this.tx = tx;
	}

	@Override
	public Mono<Org> findById(long id) {
		return cachedLineage(id).map(OrgLineage::org);
	}

	@Override
	public Mono<Org> findByCode(String code) {
		Long id = this.idsByCode.get(code);
		if (id != null) {
			return findById(id);
		}
		return this.orgs.findByCode(code).doOnNext(org -> this.idsByCode.put(org.code(), org.id()));
	}

	@Override
	public Flux<Org> children(long parentId, @Nullable String afterCode, int limit) {
		return this.orgs.children(parentId, afterCode, limit);
	}

	@Override
	public Flux<Org> subtree(Org root, OrgLevel level) {
		return this.subtrees.get(root.path() + "|" + level, () -> this.orgs.subtree(root.path(), level).collectList())
			.flatMapIterable(orgs -> orgs);
	}

	@Override
	public Flux<Org> findAllById(Collection<Long> ids) {
		return this.orgs.findAllById(ids);
	}

	@Override
	public Mono<Org> require(long id) {
		return findById(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + id)));
	}

	@Override
	public Mono<OrgLineage> lineage(Org org) {
		List<String> codes = List.of(org.path().substring(1).split("/"));
		return this.orgs.findAllByCode(codes).collectList().map(ancestors -> lineageOf(org, ancestors));
	}

	@Override
	public Mono<OrgLineage> requireLineage(long id) {
		return cachedLineage(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + id)));
	}

	/** The org with its town and county from the cache, else one query; empty if none. */
	private Mono<OrgLineage> cachedLineage(long id) {
		return this.cache.get(id, () -> this.orgs.findWithAncestors(id).collectList().flatMap(orgs -> {
			Org org = orgs.stream().filter(o -> o.id() == id).findFirst().orElse(null);
			return (org != null) ? Mono.just(lineageOf(org, orgs)) : Mono.empty();
		}));
	}

	private static OrgLineage lineageOf(Org org, List<Org> ancestors) {
		Org town = ancestors.stream().filter(o -> o.level() == OrgLevel.TOWN).findFirst().orElse(null);
		Org county = ancestors.stream().filter(o -> o.level() == OrgLevel.COUNTY).findFirst().orElse(null);
		return new OrgLineage(org, town, county);
	}

	@Override
	public Mono<Org> move(long id, long newParentId) {
		// read from the database, never the cache (the new paths derive from them); one
		// lookup after the other: inside the transaction they share one connection. A
		// move that lost a deadlock to a writer locking in another order is run again.
		return this.tx
			.transactional(Mono
				.defer(() -> stored(id).flatMap(org -> stored(newParentId).flatMap(parent -> moveUnder(org, parent)))))
			.retryWhen(LockConflicts.retry(MOVE_RETRIES));
	}

	private Mono<Org> stored(long id) {
		return this.orgs.findById(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Org " + id)));
	}

	private Mono<Org> moveUnder(Org org, Org parent) {
		if (org.level() == OrgLevel.CITY || org.level() == OrgLevel.DEPARTMENT || parent.level() == OrgLevel.DEPARTMENT
				|| parent.level().depth() != org.level().depth() - 1) {
			return Mono.error(ApiException.unprocessable("INVALID_PARENT",
					"A " + org.level() + " can only be placed under an org of the level directly above it"));
		}
		if (org.parentId() != null && org.parentId() == parent.id()) {
			return Mono.just(org);
		}
		return this.orgs.move(org, parent)
			.then(this.cache.everythingChangedAfterCommit())
			.then(this.subtrees.everythingChangedAfterCommit())
			.then(stored(org.id()));
	}

}
