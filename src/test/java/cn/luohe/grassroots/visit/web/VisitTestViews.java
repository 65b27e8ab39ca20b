package cn.luohe.grassroots.visit.web;

import java.util.List;

import cn.luohe.grassroots.support.Responses.Person;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** Typed answers of the visit and need endpoints, as far as the tests read them. */
final class VisitTestViews {

	private VisitTestViews() {
	}

	/** A need as a visit or the need list shows it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Need(long id, String text, String status, @Nullable String response, @Nullable Person heardBy,
			@Nullable Person resolvedBy, @Nullable String month) {
	}

	/** A visit with its needs (a check-out's answer). */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitNeeds(long id, List<Need> needs) {
	}

	/** A visit as its check-in (or a check-out) answers it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Visit(long id, String status, boolean inVisitWeek, List<String> flags, String month,
			@Nullable String occurredAt, String receivedAt, LocationView checkIn) {
	}

	/** A location as a visit shows it, in the system it was reported in. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record LocationView(double lat, double lng, @Nullable Double accuracy, String coordSystem) {
	}

	/** A user's line of the visit compliance list. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ComplianceItem(long userId, boolean completed, int visits) {
	}

}
