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

}
