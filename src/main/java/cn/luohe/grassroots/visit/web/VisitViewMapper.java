package cn.luohe.grassroots.visit.web;

import java.time.Instant;
import java.time.OffsetDateTime;

import cn.luohe.grassroots.common.geo.GeoPoint;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.visit.internal.ComplianceItem;
import cn.luohe.grassroots.visit.internal.NeedDetails;
import cn.luohe.grassroots.visit.internal.Person;
import cn.luohe.grassroots.visit.internal.VisitChange;
import cn.luohe.grassroots.visit.internal.VisitDetails;
import cn.luohe.grassroots.visit.web.VisitViews.CheckOutView;
import cn.luohe.grassroots.visit.web.VisitViews.ComplianceItemView;
import cn.luohe.grassroots.common.web.LocationView;
import cn.luohe.grassroots.visit.web.VisitViews.NeedBriefView;
import cn.luohe.grassroots.visit.web.VisitViews.NeedView;
import cn.luohe.grassroots.visit.web.VisitViews.PersonView;
import cn.luohe.grassroots.visit.web.VisitViews.VisitChangeView;
import cn.luohe.grassroots.visit.web.VisitViews.VisitView;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface VisitViewMapper {

	VisitView toView(VisitDetails visit);

	default @Nullable LocationView toView(@Nullable GeoPoint point) {
		return (point != null) ? LocationView.of(point) : null;
	}

	CheckOutView toView(VisitDetails.CheckOut checkOut);

	NeedBriefView toView(VisitDetails.NeedBrief need);

	PersonView toView(Person person);

	NeedView toView(NeedDetails need);

	ComplianceItemView toView(ComplianceItem item);

	VisitChangeView toView(VisitChange change);

	/**
	 * Instants leave in the business zone's offset (+08:00), as the clients show them.
	 */
	default @Nullable OffsetDateTime toOffsetDateTime(@Nullable Instant instant) {
		return (instant != null) ? instant.atZone(BusinessClock.ZONE).toOffsetDateTime() : null;
	}

}
