package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Themes of the month: one per county-level unit and month. */
@Service
public class ThemeService {

	private final ThemeRepository themes;

	private final CountyScope countyScope;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final RecordCorrections corrections;

	private final ContentModeration moderation;

	ThemeService(ThemeRepository themes, CountyScope countyScope, Idempotency idempotency, BusinessClock clock,
			RecordCorrections corrections, ContentModeration moderation) {
		this.corrections = corrections;
		this.moderation = moderation;
		this.themes = themes;
		this.countyScope = countyScope;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	/**
	 * Publishes the county's theme of a month. The county and the caller's right to it
	 * are judged first, outside the transaction; inside it are three statements: the
	 * idempotency key, the theme inserted and read back with its county's name (one
	 * statement), the stored answer.
	 */
	public Mono<Outcome<Theme>> publish(Caller caller, @Nullable String idempotencyKey, NewTheme theme) {
		return this.idempotency.transact(caller.userId(), idempotencyKey, "firstsecretary.theme", theme, Theme.class,
				this.countyScope.administrable(caller, theme.countyId()),
				county -> this.themes.insert(theme, caller.userId(), this.clock.now())
					.switchIfEmpty(Mono.error(() -> ApiException.conflict("THEME_EXISTS",
							county.name() + " already has a theme for " + theme.month())))
					.map(Outcome::created));
	}

	/**
	 * The county's theme of one month, or its themes newest first before {@code before},
	 * up to {@code limit + 1} (the extra one: more follow).
	 */
	public Mono<List<Theme>> list(Caller caller, long countyId, @Nullable YearMonth month, @Nullable YearMonth before,
			int limit) {
		return this.countyScope.readable(caller, countyId).flatMap(county -> {
			boolean withVoided = this.corrections.seesVoided(caller, county);
			if (month != null) {
				return this.themes.findForCounty(countyId, withVoided, month).collectList();
			}
			return this.themes.findForCounty(countyId, withVoided, before, limit + 1).collectList();
		});
	}

	/**
	 * Voids a theme (its author within the window, or an administrator of its county);
	 * the county may then publish another for the month.
	 */
	@Transactional
	public Mono<VoidResult> voidTheme(Caller caller, long id, String reason) {
		return correctable(caller, id, true).flatMap(theme -> this.corrections.voidRecord(caller, theme, reason));
	}

	/**
	 * Corrects a theme's title or description (null: as it is); audited, refused in a
	 * month the county has submitted.
	 */
	@Transactional
	public Mono<Theme> correct(Caller caller, long id, @Nullable String title, @Nullable String description,
			String reason, TextCheck check) {
		return correctable(caller, id, false).flatMap(record -> {
			Theme before = (Theme) record.snapshot();
			String newTitle = (title != null) ? title : before.title();
			String newDescription = (description != null) ? description : before.description();
			Map<String, @Nullable Object> after = new LinkedHashMap<>();
			after.put("title", newTitle);
			after.put("description", newDescription);
			return this.corrections.correct(caller, record, reason, after,
					this.themes.correct(id, newTitle, newDescription));
		})
			.then(Mono.defer(() -> this.themes.findById(id)))
			// a text held for review is filed for the queue in the same transaction
			.flatMap(saved -> this.moderation.fileHeld(check, "theme", id, saved.countyId()).thenReturn(saved));
	}

	/**
	 * The theme for whoever reads its county; a voided one for its administrators only,
	 * and for its author voiding it again ({@code voiding}: the same answer twice).
	 */
	private Mono<Correctable> correctable(Caller caller, long id, boolean voiding) {
		return this.themes.findById(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Theme " + id)))
			.flatMap(theme -> this.countyScope.readable(caller, theme.countyId()).map(county -> {
				if (theme.voidedAt() != null && !this.corrections.seesVoided(caller, county)
						&& !(voiding && theme.createdBy() == caller.userId())) {
					throw ApiException.notFound("Theme " + id);
				}
				return new Correctable(RecordKind.THEME, theme.id(), theme.createdBy(), theme.createdAt(), county,
						theme.title(), null, theme.month(), theme.voidedAt() != null, theme);
			}));
	}

}
