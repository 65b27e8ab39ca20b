package cn.luohe.grassroots.firstsecretary.web;

import java.time.YearMonth;

import cn.luohe.grassroots.firstsecretary.internal.Checklist;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.firstsecretary.internal.Theme;
import cn.luohe.grassroots.firstsecretary.internal.ThemedEvent;
import cn.luohe.grassroots.firstsecretary.internal.VolunteerTeam;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ChecklistView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.HomeItemView;
import cn.luohe.grassroots.common.web.LocationView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ThemeBriefView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ThemeView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.ThemedEventView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.VillageItemView;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryViews.VolunteerTeamView;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Mapper;

@Mapper(componentModel = "spring")
interface FirstSecretaryViewMapper {

	ThemeView toView(Theme theme);

	VolunteerTeamView toView(VolunteerTeam team);

	ThemedEventView toView(ThemedEvent event);

	default @Nullable LocationView toView(@Nullable GeoPoint point) {
		return (point != null) ? LocationView.of(point) : null;
	}

	ChecklistView toView(Checklist checklist);

	HomeItemView toView(Checklist.HomeItem item);

	VillageItemView toView(Checklist.VillageItem item);

	ThemeBriefView toView(Checklist.ThemeBrief theme);

	default String toText(YearMonth month) {
		return month.toString();
	}

}
