package cn.luohe.grassroots.leagueorg.web;

import cn.luohe.grassroots.leagueorg.internal.HostUnit;
import cn.luohe.grassroots.leagueorg.internal.LeagueOrg;
import cn.luohe.grassroots.leagueorg.internal.Milestone;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.HostUnitView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.LeagueOrgView;
import cn.luohe.grassroots.leagueorg.web.LeagueOrgViews.MilestoneView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface LeagueOrgViewMapper {

	@Mapping(target = "domain", expression = "java(unit.kind().domain().name())")
	@Mapping(target = "eligible", source = "attributes.eligible")
	@Mapping(target = "partyOrganized", source = "attributes.partyOrganized")
	@Mapping(target = "aboveDesignatedSize", source = "attributes.aboveDesignatedSize")
	@Mapping(target = "youthFederationMember", source = "attributes.youthFederationMember")
	@Mapping(target = "youngEntrepreneurMember", source = "attributes.youngEntrepreneurMember")
	@Mapping(target = "provincialTop100", source = "attributes.provincialTop100")
	@Mapping(target = "cityTop20", source = "attributes.cityTop20")
	@Mapping(target = "parkLevel", source = "attributes.parkLevel")
	@Mapping(target = "parkId", source = "attributes.parkId")
	HostUnitView toView(HostUnit unit);

	@Mapping(target = "status", expression = "java(org.status())")
	LeagueOrgView toView(LeagueOrg org);

	MilestoneView toView(Milestone milestone);

}
