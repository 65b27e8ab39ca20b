package cn.luohe.grassroots.common.error;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints that make each kind of failure happen through the real stack. */
@RestController
class ProblemProbeController {

	@PostMapping("/test/probe")
	Mono<ProbeRequest> echo(@Valid @RequestBody ProbeRequest request) {
		return Mono.just(request);
	}

	@GetMapping("/test/boom")
	Mono<String> boom() {
		return Mono.error(new IllegalStateException(
				"ERROR: duplicate key value violates unique constraint \"secret_idx\" SELECT * FROM users"));
	}

	record ProbeRequest(@NotBlank @Size(max = 10) String name, @Max(5) int count) {
	}

}
