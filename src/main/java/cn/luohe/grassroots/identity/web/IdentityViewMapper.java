package cn.luohe.grassroots.identity.web;

import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.identity.internal.AuditLog;
import cn.luohe.grassroots.identity.internal.IdentityService;
import cn.luohe.grassroots.identity.internal.InvitationService;
import cn.luohe.grassroots.identity.internal.UserAdminService;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface IdentityViewMapper {

	@Mapping(target = "roles", source = "bindings")
	IdentityViews.MeView toView(IdentityService.Profile profile);

	@Mapping(target = "roles", source = "bindings")
	IdentityViews.UserView toView(UserAdminService.ListedUser user);

	IdentityViews.AuditView toView(AuditLog.Entry entry);

	IdentityViews.InvitationView toView(InvitationService.Created created);

	@Mapping(target = "role", expression = "java(binding.role().name())")
	@Mapping(target = "orgId", source = "org.id")
	IdentityViews.RoleView toView(RoleBinding binding);

}
