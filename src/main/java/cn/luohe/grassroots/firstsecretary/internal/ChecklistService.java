package cn.luohe.grassroots.firstsecretary.internal;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

import cn.luohe.grassroots.firstsecretary.api.ThemedEventDuties;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * The caller's monthly duties: two activities per managed (active) home, one themed event
 * per village they are first secretary of.
 */
@Service
public class ChecklistService implements ThemedEventDuties {

	private final YouthHomeDirectory youthHomes;

	private final ThemeRepository themes;

	private final ThemedEventRepository events;

	ChecklistService(YouthHomeDirectory youthHomes, ThemeRepository themes, ThemedEventRepository events) {
		this.youthHomes = youthHomes;
		this.themes = themes;
		this.events = events;
	}

	@Override
	public Mono<List<ThemedEventDuties.Village>> villages(Caller caller, YearMonth month) {
		return Flux.fromIterable(villagesOf(caller))
			.concatMap(village -> villageItem(village, month))
			.map(item -> new ThemedEventDuties.Village(item.villageId(), item.name(),
					(item.theme() != null) ? new ThemedEventDuties.Theme(item.theme().id(), item.theme().title())
							: null,
					item.themedEventLogged()))
			.collectList();
	}

	private static List<Org> villagesOf(Caller caller) {
		return caller.bindings()
			.stream()
			.filter(b -> b.role() == Role.FIRST_SECRETARY && b.org().level() == OrgLevel.VILLAGE)
			.map(RoleBinding::org)
			.distinct()
			.toList();
	}

	public Mono<Checklist> of(Caller caller, YearMonth month) {
		List<Long> homeIds = caller.managedYouthHomeIds();
		List<Org> villages = villagesOf(caller);
		Mono<List<Checklist.HomeItem>> homes = this.youthHomes.activitiesIn(homeIds, month)
			.filter(home -> home.home().active())
			.map(home -> new Checklist.HomeItem(home.home().id(), home.home().name(), home.activities(),
					YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET, home.meetsTarget()))
			.collectList();
		Mono<List<Checklist.VillageItem>> villageItems = Flux.fromIterable(villages)
			.concatMap(village -> villageItem(village, month))
			.collectList();
		return Mono.zip(homes, villageItems).map(both -> new Checklist(month, both.getT1(), both.getT2()));
	}

	private Mono<Checklist.VillageItem> villageItem(Org village, YearMonth month) {
		String countyCode = village.ancestorCode(OrgLevel.COUNTY);
		Mono<Checklist.ThemeBrief> theme = (countyCode != null) ? this.themes.findByCountyCode(countyCode, month)
			.map(t -> new Checklist.ThemeBrief(t.id(), t.title(), t.description())) : Mono.empty();
		return theme.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.zipWith(this.events.existsFor(village.id(), month))
			.map(pair -> new Checklist.VillageItem(village.id(), village.name(), pair.getT1().orElse(null),
					pair.getT2(), pair.getT2()));
	}

}
