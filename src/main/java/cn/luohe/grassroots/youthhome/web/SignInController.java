package cn.luohe.grassroots.youthhome.web;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.youthhome.internal.SignInService;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInRequest;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInView;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any logged-in user signs in to an activity by scanning its rotating QR code. */
@RestController
@RequestMapping("/api/v1/sign-ins")
class SignInController {

	private final SignInService signIns;

	private final YouthHomeViewMapper mapper;

	SignInController(SignInService signIns, YouthHomeViewMapper mapper) {
		this.signIns = signIns;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<SignInView>> signIn(@Valid @RequestBody SignInRequest request, Caller caller) {
		return this.signIns.signIn(caller, request.code().strip())
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

}
