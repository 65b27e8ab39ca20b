package cn.luohe.grassroots.identity.web;

import java.time.Instant;
import java.time.OffsetDateTime;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.internal.PcSessionService;
import cn.luohe.grassroots.identity.internal.ScanSignInService;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface ScanViewMapper {

	ScanViews.StartedView toView(ScanSignInService.Started started);

	ScanViews.PollView toView(ScanSignInService.Poll poll);

	ScanViews.TokensView toView(ScanSignInService.Issued issued);

	ScanViews.ScannedView toView(ScanSignInService.Scanned scanned);

	@Mapping(target = "current", expression = "java(currentId != null && session.id() == currentId)")
	ScanViews.PcSessionView toView(PcSessionService.PcSession session, @Nullable Long currentId);

	default @Nullable OffsetDateTime toOffset(@Nullable Instant instant) {
		return (instant != null) ? instant.atZone(BusinessClock.ZONE).toOffsetDateTime() : null;
	}

}
