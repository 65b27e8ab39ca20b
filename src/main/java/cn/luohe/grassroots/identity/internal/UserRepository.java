package cn.luohe.grassroots.identity.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import io.r2dbc.spi.Readable;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private final DatabaseClient db;

	private final CallerCache callers;

	UserRepository(DatabaseClient db, CallerCache callers) {
		this.db = db;
		this.callers = callers;
	}

	/** Finds the user of an openid, creating them on first login. */
	Mono<UserRow> upsertByOpenid(String openid, @Nullable String unionid, String displayName, Instant now) {
		return this.db.sql("""
				INSERT INTO app_user (openid, unionid, display_name, created_at, updated_at)
				VALUES (:openid, :unionid, :name, :now, :now)
				ON CONFLICT (openid) DO UPDATE SET unionid = coalesce(EXCLUDED.unionid, app_user.unionid)
				RETURNING id, display_name, phone
				""")
			.bind("openid", openid)
			.bind("unionid", Params.nullable(unionid, String.class))
			.bind("name", displayName)
			.bind("now", now)
			.map(UserRepository::toUser)
			.one();
	}

	Mono<UserRow> findById(long id) {
		return this.db.sql("SELECT id, display_name, phone FROM app_user WHERE id = :id")
			.bind("id", id)
			.map(UserRepository::toUser)
			.one();
	}

	Flux<UserRow> findAllById(Collection<Long> ids) {
		return this.db.sql("SELECT id, display_name, phone FROM app_user WHERE id = ANY(:ids) ORDER BY id")
			.bind("ids", ids.toArray(Long[]::new))
			.map(UserRepository::toUser)
			.all();
	}

	Mono<Void> updateDisplayName(long id, String displayName, Instant now) {
		return this.db.sql("UPDATE app_user SET display_name = :name, updated_at = :now WHERE id = :id")
			.bind("name", displayName)
			.bind("now", now)
			.bind("id", id)
			.then()
			.then(this.callers.changedAfterCommit(id));
	}

	Mono<Void> updatePhone(long id, String phone, Instant now) {
		return this.db.sql("UPDATE app_user SET phone = :phone, updated_at = :now WHERE id = :id")
			.bind("phone", phone)
			.bind("now", now)
			.bind("id", id)
			.then();
	}

	/**
	 * The user with their active bindings, in one statement (every authenticated request
	 * reads it); empty when the user does not exist.
	 */
	Mono<UserWithBindings> findWithActiveBindings(long userId) {
		return this.db.sql("""
				SELECT u.id AS user_id, u.display_name, u.phone, b.id, b.role, b.youth_home_id, o.id AS org_id, o.code,
				       o.name, o.level, o.parent_id, o.path
				  FROM app_user u
				  LEFT JOIN role_binding b ON b.user_id = u.id AND b.revoked_at IS NULL
				  LEFT JOIN org_unit o ON o.id = b.org_id
				 WHERE u.id = :user
				 ORDER BY b.id
				""")
			.bind("user", userId)
			.map(UserRepository::toUserWithBinding)
			.all()
			.collectList()
			.flatMap(rows -> rows.isEmpty() ? Mono.empty() : Mono.just(merge(rows)));
	}

	/**
	 * An active binding of {@code userId} with who granted it; empty when unknown,
	 * revoked or another's.
	 */
	Mono<GrantedBinding> findActiveBinding(long userId, long bindingId) {
		return this.db.sql("""
				SELECT b.id, b.role, b.youth_home_id, b.granted_by, o.id AS org_id, o.code, o.name, o.level,
				       o.parent_id, o.path
				  FROM role_binding b JOIN org_unit o ON o.id = b.org_id
				 WHERE b.id = :id AND b.user_id = :user AND b.revoked_at IS NULL
				""")
			.bind("id", bindingId)
			.bind("user", userId)
			.map(row -> new GrantedBinding(toBinding(row), row.get("granted_by", Long.class)))
			.one();
	}

	/**
	 * One page of the users with an active binding at or below {@code scopePath}, by id,
	 * each with those bindings only (what lies outside the scope is not the reader's
	 * business).
	 */
	Flux<UserWithBindings> usersWithin(String scopePath, long afterUserId, int limit) {
		return this.db.sql("""
				WITH page AS (
				    SELECT DISTINCT b.user_id
				      FROM role_binding b JOIN org_unit o ON o.id = b.org_id
				     WHERE b.revoked_at IS NULL AND o.path LIKE :prefix AND b.user_id > :after
				     ORDER BY b.user_id
				     LIMIT :limit)
				SELECT u.id AS user_id, u.display_name, u.phone,
				       b.id, b.role, b.youth_home_id, o.id AS org_id, o.code, o.name, o.level, o.parent_id, o.path
				  FROM page p
				  JOIN app_user u ON u.id = p.user_id
				  JOIN role_binding b ON b.user_id = u.id AND b.revoked_at IS NULL
				  JOIN org_unit o ON o.id = b.org_id AND o.path LIKE :prefix
				 ORDER BY u.id, b.id
				""")
			.bind("prefix", Params.likePrefix(scopePath))
			.bind("after", afterUserId)
			.bind("limit", limit)
			.map(UserRepository::toUserWithBinding)
			.all()
			.bufferUntilChanged(row -> row.user().id())
			.map(UserRepository::merge);
	}

	/** Grants a binding unless the user already holds the same one; returns its id. */
	Mono<Long> grant(long userId, Role role, long orgId, @Nullable Long youthHomeId, @Nullable Long grantedBy,
			Instant now) {
		return this.db.sql("""
				INSERT INTO role_binding (user_id, role, org_id, youth_home_id, granted_by, granted_at)
				VALUES (:user, :role, :org, :home, :by, :now)
				ON CONFLICT (user_id, role, org_id, coalesce(youth_home_id, 0)) WHERE revoked_at IS NULL DO NOTHING
				RETURNING id
				""")
			.bind("user", userId)
			.bind("role", role.name())
			.bind("org", orgId)
			.bind("home", Params.nullable(youthHomeId, Long.class))
			.bind("by", Params.nullable(grantedBy, Long.class))
			.bind("now", now)
			.map(row -> row.get("id", Long.class))
			.one()
			.switchIfEmpty(Mono.defer(() -> this.db.sql("""
					SELECT id FROM role_binding
					 WHERE user_id = :user AND role = :role AND org_id = :org
					   AND coalesce(youth_home_id, 0) = coalesce(:home, 0) AND revoked_at IS NULL
					""")
				.bind("user", userId)
				.bind("role", role.name())
				.bind("org", orgId)
				.bind("home", Params.nullable(youthHomeId, Long.class))
				.map(row -> row.get("id", Long.class))
				.one()))
			.flatMap(id -> this.callers.changedAfterCommit(userId).thenReturn(id));
	}

	Mono<Long> revoke(long bindingId, long revokedBy, Instant now) {
		return this.db.sql("""
				UPDATE role_binding SET revoked_at = :now, revoked_by = :by
				 WHERE id = :id AND revoked_at IS NULL
				RETURNING user_id
				""")
			.bind("now", now)
			.bind("by", revokedBy)
			.bind("id", bindingId)
			.map(row -> Params.required(row.get("user_id", Long.class)))
			.all()
			.concatMap(user -> this.callers.changedAfterCommit(user).thenReturn(user))
			.count();
	}

	/**
	 * Users with an active binding of one of {@code roles} at or below {@code scopePath}.
	 */
	Flux<UserRow> holdersWithin(String scopePath, Collection<Role> roles) {
		return this.db.sql("""
				SELECT DISTINCT u.id, u.display_name, u.phone
				  FROM role_binding b
				  JOIN org_unit o ON o.id = b.org_id
				  JOIN app_user u ON u.id = b.user_id
				 WHERE b.revoked_at IS NULL AND b.role = ANY(:roles) AND o.path LIKE :prefix
				 ORDER BY u.id
				""")
			.bind("roles", roles.stream().map(Role::name).toArray(String[]::new))
			.bind("prefix", Params.likePrefix(scopePath))
			.map(UserRepository::toUser)
			.all();
	}

	static UserRow toUser(Readable row) {
		return new UserRow(Params.required(row.get("id", Long.class)),
				Params.required(row.get("display_name", String.class)), row.get("phone", String.class));
	}

	/**
	 * A row of a user joined with one of their bindings (none when outer-joined empty).
	 */
	private static UserWithBindings toUserWithBinding(Readable row) {
		UserRow user = new UserRow(Params.required(row.get("user_id", Long.class)),
				Params.required(row.get("display_name", String.class)), row.get("phone", String.class));
		return new UserWithBindings(user, (row.get("id", Long.class) != null) ? List.of(toBinding(row)) : List.of());
	}

	/** One user's rows as one user with all their bindings. */
	private static UserWithBindings merge(List<UserWithBindings> rows) {
		return new UserWithBindings(rows.getFirst().user(),
				rows.stream().flatMap(row -> row.bindings().stream()).toList());
	}

	static RoleBinding toBinding(Readable row) {
		Org org = new Org(Params.required(row.get("org_id", Long.class)),
				Params.required(row.get("code", String.class)), Params.required(row.get("name", String.class)),
				OrgLevel.valueOf(Params.required(row.get("level", String.class))), row.get("parent_id", Long.class),
				Params.required(row.get("path", String.class)));
		return new RoleBinding(Params.required(row.get("id", Long.class)),
				Role.valueOf(Params.required(row.get("role", String.class))), org,
				row.get("youth_home_id", Long.class));
	}

	/**
	 * A binding and the user who granted it (null for bindings made outside the API: the
	 * bootstrap admin, seeds).
	 */
	record GrantedBinding(RoleBinding binding, @Nullable Long grantedBy) {
	}

	/** A user with some of their bindings. */
	record UserWithBindings(UserRow user, List<RoleBinding> bindings) {
	}

	/** A user as stored; the phone is the owner's own business. */
	record UserRow(long id, String displayName, @Nullable String phone) {

		@Override
		public String toString() {
			return "UserRow[id=" + this.id + "]";
		}

	}

}
