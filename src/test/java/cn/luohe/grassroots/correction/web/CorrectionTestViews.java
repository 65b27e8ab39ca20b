package cn.luohe.grassroots.correction.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the correction endpoints and of the records they correct, as far as
 * the tests read them.
 */
final class CorrectionTestViews {

	private CorrectionTestViews() {
	}

	/** The answer of every {@code POST …/void}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VoidResult(String kind, long id, String voidedAt, long voidedBy, String reason) {
	}

	/**
	 * One entry of {@code GET /record-audit}. Its before and after are the changed
	 * record's own fields, whatever its kind: a JSON object of the record's names, read
	 * as such.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record AuditEntry(long id, String action, @Nullable String reason, long actorId, Map<String, Object> before,
			Map<String, Object> after) {
	}

	/**
	 * One entry of a visit's change history; before and after are the changed fields, as
	 * in {@link AuditEntry}.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitChange(long id, @Nullable String reason, Map<String, Object> before, Map<String, Object> after) {
	}

	/** A town's row of the dashboard. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record TownRow(long orgId, long visits, long activities) {
	}

	/** An item of the feed, with the earlier events a voiding retracts. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record FeedItem(long id, String type, String summary, @Nullable List<Long> retracts) {
	}

	/** A Youth Home activity. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Activity(long id, String title, int declaredParticipants, @Nullable String voidedAt,
			@Nullable String voidReason) {
	}

	/** A themed event. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ThemedEvent(long id, @Nullable String voidReason) {
	}

	/** A county's theme of a month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Theme(long id, String title, @Nullable String description, @Nullable String voidedAt) {
	}

	/** A visit. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Visit(long id, @Nullable String voidReason) {
	}

	/** A volunteer team. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Team(long id, String name, @Nullable Integer members) {
	}

	/** A youth organization of a home. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Organization(long id, String name, String type, String foundedOn) {
	}

}
