package cn.luohe.grassroots.firstsecretary.web;

import java.util.Arrays;
import java.time.YearMonth;

import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.firstsecretary.internal.NewTheme;
import cn.luohe.grassroots.firstsecretary.internal.ThemeService;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CorrectThemeRequest;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.CreateThemeRequest;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ThemeView;
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
@RequestMapping("/api/v1/themes")
class ThemeController {

	private final ThemeService themes;

	private final FirstSecretaryViewMapper mapper;

	private final ContentModeration moderation;

	ThemeController(ThemeService themes, FirstSecretaryViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.themes = themes;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<ThemeView>> publish(@Valid @RequestBody CreateThemeRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey, Caller caller) {
		NewTheme theme = new NewTheme(request.countyId(), RequestValues.month(request.month(), "month"),
				request.title().strip(), RequestValues.trimmed(request.description()));
		return this.themes.publish(caller, idempotencyKey, theme)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/** The county's theme of {@code month}, or all its themes newest first. */
	@GetMapping
	Mono<Page<ThemeView>> list(@RequestParam long countyId, @RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		YearMonth only = RequestValues.optionalMonth(month, "month");
		YearMonth before = RequestValues.optionalMonth(cursor, "cursor");
		return this.themes.list(caller, countyId, only, before, size)
			.map(rows -> Page.of(rows, size, theme -> theme.month().toString()).map(this.mapper::toView));
	}

	/** The author within the amendment window, or an administrator; audited. */
	@PatchMapping("/{id}")
	Mono<ThemeView> correct(@PathVariable long id, @Valid @RequestBody CorrectThemeRequest request, Caller caller) {
		String title = (request.title() != null) ? request.title().strip() : null;
		String description = RequestValues.trimmed(request.description());
		// corrected texts pass content security as new ones do (issue 22)
		return this.moderation.check(caller.userId(), TextScene.FORUM, Arrays.asList(title, description))
			.flatMap(check -> this.themes.correct(caller, id, title, description, request.reason().strip(), check))
			.map(this.mapper::toView);
	}

	/** Voids the theme; the county may then publish another for its month. */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidTheme(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.themes.voidTheme(caller, id, request.stripped());
	}

}
