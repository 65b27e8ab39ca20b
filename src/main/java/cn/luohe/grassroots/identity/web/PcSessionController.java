package cn.luohe.grassroots.identity.web;

import java.util.List;

import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.internal.PcSessionService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Browser sessions: the user's own under {@code /me}, anyone's for a CITY_ADMIN under
 * {@code /auth}.
 */
@RestController
class PcSessionController {

	private final PcSessionService sessions;

	private final ScanViewMapper mapper;

	PcSessionController(PcSessionService sessions, ScanViewMapper mapper) {
		this.sessions = sessions;
		this.mapper = mapper;
	}

	@GetMapping("/api/v1/me/pc-sessions")
	Mono<Page<ScanViews.PcSessionView>> mine(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		Long before = Cursors.id(cursor, "cursor");
		return page(this.sessions.ofUser(caller.userId(), before, size + 1), size);
	}

	@DeleteMapping("/api/v1/me/pc-sessions/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revokeMine(@PathVariable long id, Caller caller) {
		return this.sessions.revokeOwn(caller, id);
	}

	@GetMapping("/api/v1/auth/pc-sessions")
	Mono<Page<ScanViews.PcSessionView>> ofUser(@RequestParam long userId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		Long before = Cursors.id(cursor, "cursor");
		return page(this.sessions.ofUserForAdmin(caller, userId, before, size + 1), size);
	}

	@DeleteMapping("/api/v1/auth/pc-sessions/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	Mono<Void> revokeAny(@PathVariable long id, Caller caller) {
		return this.sessions.revokeAny(caller, id);
	}

	private Mono<Page<ScanViews.PcSessionView>> page(Flux<PcSessionService.PcSession> rows, int size) {
		return this.sessions.currentSessionId()
			.map(List::of)
			.defaultIfEmpty(List.of())
			.flatMap(current -> rows.collectList()
				.map(found -> Page.of(found, size, session -> Long.toString(session.id()))
					.map(session -> this.mapper.toView(session, current.isEmpty() ? null : current.get(0)))));
	}

}
