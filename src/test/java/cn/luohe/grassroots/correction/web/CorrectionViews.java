package cn.luohe.grassroots.correction.web;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** Typed answers of the correction endpoints, as far as the tests read them. */
final class CorrectionViews {

	private CorrectionViews() {
	}

	/** The answer of every {@code POST …/void}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VoidResult(String kind, long id, String voidedAt, long voidedBy, String reason) {
	}

	/** One entry of {@code GET /record-audit}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record AuditEntry(long id, String action, @Nullable String reason, long actorId, Map<String, Object> before,
			Map<String, Object> after) {
	}

}
