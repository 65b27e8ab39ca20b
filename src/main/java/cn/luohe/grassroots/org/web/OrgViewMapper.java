package cn.luohe.grassroots.org.web;

import cn.luohe.grassroots.org.api.Org;
import org.mapstruct.Mapper;

@Mapper(componentModel = "spring")
interface OrgViewMapper {

	OrgView toView(Org org);

}
