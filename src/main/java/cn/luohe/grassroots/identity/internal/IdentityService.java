package cn.luohe.grassroots.identity.internal;

import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

/** Logins (WeChat and dev), the caller's own profile, and the bootstrap admins. */
@Service
public class IdentityService {

	static final String CITY_CODE = "4111";

	private final UserRepository users;

	private final TokenService tokens;

	private final WeChatGateway wechat;

	private final OrgDirectory orgs;

	private final IdentityProperties properties;

	private final BusinessClock clock;

	private final AuditLog audit;

	private final TransactionalOperator tx;

	IdentityService(UserRepository users, TokenService tokens, WeChatGateway wechat, OrgDirectory orgs,
			IdentityProperties properties, BusinessClock clock, AuditLog audit, TransactionalOperator tx) {
		this.users = users;
		this.tokens = tokens;
		this.wechat = wechat;
		this.orgs = orgs;
		this.properties = properties;
		this.clock = clock;
		this.audit = audit;
		this.tx = tx;
	}

	public Mono<Session> wechatLogin(String code) {
		return this.wechat.exchangeCode(code)
			.onErrorResume(ApiException.class,
					ex -> this.audit.record("LOGIN_FAILED", null, null, null, ex.code()).then(Mono.error(ex)))
			.flatMap(session -> login(session.openid(), session.unionid(), null));
	}

	public Mono<Session> devLogin(String openid, @Nullable String displayName) {
		if (!this.properties.devLogin()) {
			return Mono.error(ApiException.notFound("Endpoint"));
		}
		return login(openid, null, displayName);
	}

	/** The user, a bootstrap grant and the first refresh token commit together. */
	private Mono<Session> login(String openid, @Nullable String unionid, @Nullable String displayName) {
		String name = (displayName != null && !displayName.isBlank()) ? displayName.strip() : "微信用户";
		return this.users.upsertByOpenid(openid, unionid, name, this.clock.now())
			.flatMap(user -> bootstrap(openid, user.id()).thenReturn(user))
			.flatMap(user -> this.tokens.issue(user.id())
				.flatMap(pair -> profile(user.id()).map(me -> Session.of(pair, me))))
			.as(this.tx::transactional);
	}

	public Mono<Session> refresh(String refreshToken) {
		return this.tokens.refresh(refreshToken)
			.flatMap(result -> profile(result.userId()).map(me -> Session.of(result.tokens(), me)));
	}

	public Mono<Profile> profile(long userId) {
		return this.users.findWithActiveBindings(userId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("User")))
			.map(found -> new Profile(userId, found.user().displayName(), found.user().phone(), found.bindings()));
	}

	public Mono<Profile> rename(long userId, String displayName) {
		return this.users.updateDisplayName(userId, displayName.strip(), this.clock.now()).then(profile(userId));
	}

	public Mono<Profile> bindPhone(long userId, String code) {
		return this.wechat.phoneNumber(code)
			.flatMap(phone -> this.users.updatePhone(userId, phone, this.clock.now()))
			.then(profile(userId));
	}

	public long accessTokenSeconds() {
		return this.tokens.accessTokenSeconds();
	}

	private Mono<Void> bootstrap(String openid, long userId) {
		if (!this.properties.bootstrapAdminOpenids().contains(openid)) {
			return Mono.empty();
		}
		return this.orgs.findByCode(CITY_CODE)
			.flatMap(city -> this.users.grant(userId, Role.CITY_ADMIN, city.id(), null, null, this.clock.now()))
			.then();
	}

	/** A fresh token pair with the profile of its user. */
	public record Session(String accessToken, String refreshToken, Profile profile) {

		static Session of(TokenService.Tokens tokens, Profile profile) {
			return new Session(tokens.accessToken(), tokens.refreshToken(), profile);
		}

		@Override
		public String toString() {
			return "Session[user=" + this.profile.id() + "]";
		}

	}

	/** The caller's own view of themselves, phone unmasked. */
	public record Profile(long id, String displayName, @Nullable String phone, List<RoleBinding> bindings) {

		@Override
		public String toString() {
			return "Profile[id=" + this.id + "]";
		}

	}

}
