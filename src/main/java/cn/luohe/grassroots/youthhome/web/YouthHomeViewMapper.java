package cn.luohe.grassroots.youthhome.web;

import cn.luohe.grassroots.youthhome.internal.Activity;
import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.youthhome.internal.SignInCodes;
import cn.luohe.grassroots.youthhome.internal.SignInResult;
import cn.luohe.grassroots.youthhome.internal.SignInSession;
import cn.luohe.grassroots.youthhome.internal.YouthHome;
import cn.luohe.grassroots.youthhome.internal.YouthOrganization;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.ActivityView;
import cn.luohe.grassroots.common.web.LocationView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.OrganizationView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInCodeView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInSessionView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.YouthHomeView;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface YouthHomeViewMapper {

	YouthHomeView toView(YouthHome home);

	ActivityView toView(Activity activity);

	default @Nullable LocationView toView(@Nullable GeoPoint point) {
		return (point != null) ? LocationView.of(point) : null;
	}

	OrganizationView toView(YouthOrganization organization);

	SignInSessionView toView(SignInSession session);

	SignInView toView(SignInResult result);

	@Mapping(target = "rotatesEverySeconds", constant = "" + SignInCodes.ROTATION_SECONDS)
	SignInCodeView toView(SignInCodes.Code code);

}
