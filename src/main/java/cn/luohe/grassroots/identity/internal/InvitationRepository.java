package cn.luohe.grassroots.identity.internal;

import java.time.Instant;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.identity.api.Role;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

@Repository
class InvitationRepository {

	private final DatabaseClient db;

	InvitationRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts an invitation; empty when the code's hash is taken already. */
	Mono<Long> insert(String codeHash, Role role, long orgId, @Nullable Long youthHomeId, int maxUses,
			Instant expiresAt, long createdBy, Instant now) {
		return this.db.sql("""
				INSERT INTO invitation (code_hash, role, org_id, youth_home_id, max_uses, expires_at, created_by,
				                        created_at)
				VALUES (:hash, :role, :org, :home, :maxUses, :expires, :by, :now)
				ON CONFLICT (code_hash) DO NOTHING
				RETURNING id
				""")
			.bind("hash", codeHash)
			.bind("role", role.name())
			.bind("org", orgId)
			.bind("home", Params.nullable(youthHomeId, Long.class))
			.bind("maxUses", maxUses)
			.bind("expires", expiresAt)
			.bind("by", createdBy)
			.bind("now", now)
			.map(row -> Params.required(row.get("id", Long.class)))
			.one();
	}

	Mono<Invitation> findByHash(String codeHash) {
		return this.db.sql("""
				SELECT id, role, org_id, youth_home_id, expires_at, created_by
				  FROM invitation WHERE code_hash = :hash
				""")
			.bind("hash", codeHash)
			.map(row -> new Invitation(Params.required(row.get("id", Long.class)),
					Role.valueOf(Params.required(row.get("role", String.class))),
					Params.required(row.get("org_id", Long.class)), row.get("youth_home_id", Long.class),
					Params.required(row.get("expires_at", Instant.class)),
					Params.required(row.get("created_by", Long.class))))
			.one();
	}

	Mono<Boolean> hasRedeemed(long invitationId, long userId) {
		return this.db
			.sql("SELECT EXISTS (SELECT 1 FROM invitation_redemption WHERE invitation_id = :inv AND user_id = :user)"
					+ " AS redeemed")
			.bind("inv", invitationId)
			.bind("user", userId)
			.map(row -> Boolean.TRUE.equals(row.get("redeemed", Boolean.class)))
			.one();
	}

	/**
	 * Takes one use if any is left, in a single statement: concurrent redemptions of the
	 * last use cannot both succeed. Empty when the invitation is used up.
	 */
	Mono<Integer> takeUse(long invitationId) {
		return this.db.sql("""
				UPDATE invitation SET uses = uses + 1
				 WHERE id = :id AND uses < max_uses
				RETURNING uses
				""").bind("id", invitationId).map(row -> Params.required(row.get("uses", Integer.class))).one();
	}

	/**
	 * Records a redemption; false when the same user's concurrent redemption got there
	 * first.
	 */
	Mono<Boolean> recordRedemption(long invitationId, long userId, long bindingId, Instant now) {
		return this.db.sql("""
				INSERT INTO invitation_redemption (invitation_id, user_id, binding_id, redeemed_at)
				VALUES (:inv, :user, :binding, :now)
				ON CONFLICT (invitation_id, user_id) DO NOTHING
				""")
			.bind("inv", invitationId)
			.bind("user", userId)
			.bind("binding", bindingId)
			.bind("now", now)
			.fetch()
			.rowsUpdated()
			.map(count -> count == 1);
	}

	record Invitation(long id, Role role, long orgId, @Nullable Long youthHomeId, Instant expiresAt, long createdBy) {
	}

}
