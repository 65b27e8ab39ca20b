package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.internal.IdentityService;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
class AuthController {

	private final IdentityService identity;

	private final IdentityViewMapper mapper;

	AuthController(IdentityService identity, IdentityViewMapper mapper) {
		this.identity = identity;
		this.mapper = mapper;
	}

	@PostMapping("/wechat-login")
	Mono<IdentityViews.TokenView> wechatLogin(@Valid @RequestBody IdentityViews.WeChatLoginRequest request) {
		return this.identity.wechatLogin(request.code()).map(this::toView);
	}

	/**
	 * Only with APP_DEV_LOGIN=true (refused in prod): lets a newcomer try the API without
	 * WeChat.
	 */
	@PostMapping("/dev-login")
	Mono<IdentityViews.TokenView> devLogin(@Valid @RequestBody IdentityViews.DevLoginRequest request) {
		return this.identity.devLogin(request.openid(), request.displayName()).map(this::toView);
	}

	@PostMapping("/refresh")
	Mono<IdentityViews.TokenView> refresh(@Valid @RequestBody IdentityViews.RefreshRequest request) {
		return this.identity.refresh(request.refreshToken()).map(this::toView);
	}

	private IdentityViews.TokenView toView(IdentityService.Session session) {
		return new IdentityViews.TokenView(session.accessToken(), this.identity.accessTokenSeconds(),
				session.refreshToken(), this.mapper.toView(session.profile()));
	}

}
