package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
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

	ThemeService(ThemeRepository themes, CountyScope countyScope, Idempotency idempotency, BusinessClock clock) {
		this.themes = themes;
		this.countyScope = countyScope;
		this.idempotency = idempotency;
		this.clock = clock;
	}

	@Transactional
	public Mono<Outcome<Theme>> publish(Caller caller, @Nullable String idempotencyKey, NewTheme theme) {
		return this.countyScope.administrable(caller, theme.countyId())
			.flatMap(county -> this.idempotency.run(caller.userId(), idempotencyKey, "firstsecretary.theme", theme,
					Theme.class,
					() -> this.themes.insert(theme, caller.userId(), this.clock.now())
						.switchIfEmpty(Mono.error(() -> ApiException.conflict("THEME_EXISTS",
								county.name() + " already has a theme for " + theme.month())))
						.flatMap(this.themes::findById)
						.map(Outcome::created)));
	}

	/**
	 * The county's theme of one month, or its themes newest first before {@code before},
	 * up to {@code limit + 1} (the extra one: more follow).
	 */
	public Mono<List<Theme>> list(Caller caller, long countyId, @Nullable YearMonth month, @Nullable YearMonth before,
			int limit) {
		return this.countyScope.readable(caller, countyId).flatMap(county -> {
			if (month != null) {
				return this.themes.findForCounty(countyId, month).map(List::of).defaultIfEmpty(List.of());
			}
			return this.themes.findForCounty(countyId, before, limit + 1).collectList();
		});
	}

}
