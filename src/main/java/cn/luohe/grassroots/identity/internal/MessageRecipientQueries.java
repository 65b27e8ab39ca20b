package cn.luohe.grassroots.identity.internal;

import java.util.Set;

import cn.luohe.grassroots.common.db.Params;
import cn.luohe.grassroots.identity.api.MessageRecipients;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
class MessageRecipientQueries implements MessageRecipients {

	private final DatabaseClient db;

	MessageRecipientQueries(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Flux<Holder> holdersWithin(Org scope, Set<Role> roles) {
		if (roles.isEmpty()) {
			return Flux.empty();
		}
		return this.db.sql("""
				SELECT b.user_id, u.display_name, b.role, b.org_id, o.path, b.youth_home_id
				  FROM role_binding b
				  JOIN org_unit o ON o.id = b.org_id
				  JOIN app_user u ON u.id = b.user_id
				 WHERE b.revoked_at IS NULL AND b.role = ANY(:roles) AND o.path LIKE :path
				 ORDER BY b.user_id, b.id
				""")
			.bind("roles", roles.stream().map(Role::name).toArray(String[]::new))
			.bind("path", Params.likePrefix(scope.path()))
			.map(row -> new Holder(Params.required(row.get("user_id", Long.class)),
					Params.required(row.get("display_name", String.class)),
					Role.valueOf(Params.required(row.get("role", String.class))),
					Params.required(row.get("org_id", Long.class)), Params.required(row.get("path", String.class)),
					row.get("youth_home_id", Long.class)))
			.all();
	}

	@Override
	public Mono<String> openid(long userId) {
		return this.db.sql("SELECT openid FROM app_user WHERE id = :id")
			.bind("id", userId)
			.map(row -> Params.required(row.get("openid", String.class)))
			.one();
	}

}
