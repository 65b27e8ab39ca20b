package cn.luohe.grassroots.org.api;

import reactor.core.publisher.Mono;

/**
 * Who may read and rearrange the org tree. The org feature asks; the identity feature,
 * which knows the caller of a request and their role bindings, answers (so the tree does
 * not depend on the users placed in it).
 */
public interface OrgGuard {

	/** What the caller of the current request may read, or UNAUTHENTICATED. */
	Mono<Reader> reader();

	/**
	 * The org of {@code orgId} (NOT_FOUND when unknown) when the caller of the current
	 * request administers the city over it.
	 */
	Mono<Org> requireCityAdmin(long orgId);

	/** The checks of one caller. */
	interface Reader {

		/**
		 * FORBIDDEN_ROLE when the caller holds no binding, FORBIDDEN_SCOPE when
		 * {@code org} is neither within one of their subtrees nor above one (the chain of
		 * orgs above is readable for breadcrumbs).
		 */
		void requireReadable(Org org);

		/**
		 * FORBIDDEN_ROLE when the caller holds no binding, FORBIDDEN_SCOPE when
		 * {@code org} is not within one of their subtrees.
		 */
		void requireWithin(Org org);

	}

}
