package cn.luohe.grassroots.visit.web;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.web.LocationView;
import org.jspecify.annotations.Nullable;

/** What the visit endpoints answer. */
final class VisitViews {

	private VisitViews() {
	}

	record VisitView(long id, String status, boolean inVisitWeek, List<String> flags, PersonView visitor,
			long visitedOrgId, String visitedOrgName, long townId, String month, @Nullable OffsetDateTime occurredAt,
			OffsetDateTime receivedAt, OffsetDateTime closesAt, LocationView checkIn, @Nullable String note,
			List<Long> photoIds, @Nullable CheckOutView checkOut, List<NeedBriefView> needs,
			@Nullable OffsetDateTime voidedAt, @Nullable String voidReason) {
	}

	record CheckOutView(OffsetDateTime receivedAt, @Nullable OffsetDateTime occurredAt, LocationView location,
			int peopleMet, List<String> resolved, @Nullable String summary) {
	}

	record NeedBriefView(long id, String text, String status) {
	}

	record PersonView(long id, String displayName) {
	}

	record NeedView(long id, long visitId, long orgId, String orgName, String month, String text, String status,
			OffsetDateTime createdAt, PersonView heardBy, @Nullable OffsetDateTime resolvedAt,
			@Nullable PersonView resolvedBy, @Nullable String response) {
	}

	record ComplianceItemView(long userId, String displayName, boolean completed, long visits) {
	}

	record VisitChangeView(long id, PersonView changedBy, OffsetDateTime changedAt, @Nullable String reason,
			Map<String, Object> before, Map<String, Object> after) {
	}

}
