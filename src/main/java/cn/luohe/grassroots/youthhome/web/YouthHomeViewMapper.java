package cn.luohe.grassroots.youthhome.web;

import cn.luohe.grassroots.youthhome.internal.Activity;
import cn.luohe.grassroots.youthhome.internal.Place;
import cn.luohe.grassroots.youthhome.internal.SignInCodes;
import cn.luohe.grassroots.youthhome.internal.SignInResult;
import cn.luohe.grassroots.youthhome.internal.SignInSession;
import cn.luohe.grassroots.youthhome.internal.YouthHome;
import cn.luohe.grassroots.youthhome.internal.YouthOrganization;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.ActivityView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.LocationView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.OrganizationView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInCodeView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInSessionView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.SignInView;
import cn.luohe.grassroots.youthhome.web.YouthHomeViews.YouthHomeView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface YouthHomeViewMapper {

	YouthHomeView toView(YouthHome home);

	ActivityView toView(Activity activity);

	LocationView toView(Place place);

	OrganizationView toView(YouthOrganization organization);

	SignInSessionView toView(SignInSession session);

	SignInView toView(SignInResult result);

	@Mapping(target = "rotatesEverySeconds", constant = "" + SignInCodes.ROTATION_SECONDS)
	SignInCodeView toView(SignInCodes.Code code);

}
