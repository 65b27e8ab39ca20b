package cn.luohe.grassroots.firstsecretary.web;

import java.util.Collections;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.firstsecretary.internal.NewVolunteerTeam;
import cn.luohe.grassroots.firstsecretary.internal.VolunteerTeamService;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CorrectVolunteerTeamRequest;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CreateVolunteerTeamRequest;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.VolunteerTeamView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/volunteer-teams")
class VolunteerTeamController {

	private final VolunteerTeamService teams;

	private final FirstSecretaryViewMapper mapper;

	private final ContentModeration moderation;

	VolunteerTeamController(VolunteerTeamService teams, FirstSecretaryViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.teams = teams;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<VolunteerTeamView>> register(@Valid @RequestBody CreateVolunteerTeamRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewVolunteerTeam team = new NewVolunteerTeam(request.countyId(), request.name().strip(), request.members());
		return this.teams.register(caller, idempotencyKey, team)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<VolunteerTeamView>> list(@RequestParam long countyId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		long after = Cursors.afterId(cursor);
		return this.teams.list(caller, countyId, after, size)
			.map(rows -> Page.of(rows, size, team -> String.valueOf(team.id())).map(this.mapper::toView));
	}

	/** The author within the amendment window, or an administrator; audited. */
	@PatchMapping("/{id}")
	Mono<VolunteerTeamView> correct(@PathVariable long id, @Valid @RequestBody CorrectVolunteerTeamRequest request,
			Caller caller) {
		String name = (request.name() != null) ? request.name().strip() : null;
		// a corrected name passes content security as a new one does (issue 22)
		return this.moderation.check(caller.userId(), TextScene.PROFILE, Collections.singletonList(name))
			.flatMap(check -> this.teams.correct(caller, id, name, request.members(), request.reason().strip(), check))
			.map(this.mapper::toView);
	}

	/**
	 * Voids the team: it leaves the county's list for everyone but its administrators.
	 */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidTeam(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.teams.voidTeam(caller, id, request.stripped());
	}

}
