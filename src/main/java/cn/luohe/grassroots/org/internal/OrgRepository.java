package cn.luohe.grassroots.org.internal;

import java.util.Collection;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class OrgRepository {

	private static final String COLUMNS = "id, code, name, level, parent_id, path";

	private final DatabaseClient db;

	OrgRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Org> findById(long id) {
		return this.db.sql("SELECT " + COLUMNS + " FROM org_unit WHERE id = :id")
			.bind("id", id)
			.map(OrgRepository::toOrg)
			.one();
	}

	Mono<Org> findByCode(String code) {
		return this.db.sql("SELECT " + COLUMNS + " FROM org_unit WHERE code = :code")
			.bind("code", code)
			.map(OrgRepository::toOrg)
			.one();
	}

	Flux<Org> children(long parentId, @Nullable String afterCode, int limit) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM org_unit WHERE parent_id = :parent AND code > :after"
					+ " ORDER BY code LIMIT :limit")
			.bind("parent", parentId)
			.bind("after", (afterCode != null) ? afterCode : "")
			.bind("limit", limit)
			.map(OrgRepository::toOrg)
			.all();
	}

	Flux<Org> subtree(String rootPath, OrgLevel level) {
		return this.db
			.sql("SELECT " + COLUMNS + " FROM org_unit WHERE path LIKE :prefix AND level = :level ORDER BY code")
			.bind("prefix", Params.likePrefix(rootPath))
			.bind("level", level.name())
			.map(OrgRepository::toOrg)
			.all();
	}

	Flux<Org> findAllById(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("SELECT " + COLUMNS + " FROM org_unit WHERE id = ANY(:ids)")
			.bind("ids", ids.toArray(Long[]::new))
			.map(OrgRepository::toOrg)
			.all();
	}

	/**
	 * Re-roots the subtree of {@code org} under {@code parent}: one statement, one
	 * transaction.
	 */
	Flux<Org> findAllByCode(Collection<String> codes) {
		return this.db.sql("SELECT " + COLUMNS + " FROM org_unit WHERE code = ANY(:codes)")
			.bind("codes", codes.toArray(String[]::new))
			.map(OrgRepository::toOrg)
			.all();
	}

	/**
	 * The org of {@code id} and its ancestors (by the codes of its path), in any order.
	 */
	Flux<Org> findWithAncestors(long id) {
		return this.db.sql("""
				SELECT a.id, a.code, a.name, a.level, a.parent_id, a.path
				  FROM org_unit o
				  JOIN org_unit a ON a.code = ANY(string_to_array(trim(BOTH '/' FROM o.path), '/'))
				 WHERE o.id = :id
				""").bind("id", id).map(OrgRepository::toOrg).all();
	}

	/**
	 * Rewrites the paths of {@code org}'s subtree. The path is a unique key, so the
	 * update locks each row against every insert whose foreign key names it; the rows are
	 * locked first, deepest first, in the order such inserts take them (a check-in's
	 * village before its town), so that the two never wait for each other in a circle.
	 */
	Mono<Long> move(Org org, Org parent) {
		String newPath = parent.path() + org.code() + "/";
		Mono<Void> locked = this.db.sql("""
				SELECT id FROM org_unit WHERE path LIKE :prefix
				 ORDER BY length(path) DESC, path
				   FOR UPDATE
				""").bind("prefix", Params.likePrefix(org.path())).fetch().all().then();
		return locked.then(this.db.sql("""
				UPDATE org_unit
				   SET path = :newPath || substr(path, length(:oldPath) + 1),
				       parent_id = CASE WHEN id = :id THEN :parentId ELSE parent_id END,
				       updated_at = now()
				 WHERE path LIKE :prefix
				""")
			.bind("newPath", newPath)
			.bind("oldPath", org.path())
			.bind("id", org.id())
			.bind("parentId", parent.id())
			.bind("prefix", Params.likePrefix(org.path()))
			.fetch()
			.rowsUpdated());
	}

	static Org toOrg(Readable row) {
		Long parentId = row.get("parent_id", Long.class);
		return new Org(Params.required(row.get("id", Long.class)), Params.required(row.get("code", String.class)),
				Params.required(row.get("name", String.class)),
				OrgLevel.valueOf(Params.required(row.get("level", String.class))), parentId,
				Params.required(row.get("path", String.class)));
	}

}
