package cn.luohe.grassroots.correction.web;

import java.time.Instant;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.paging.Cursors;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.internal.CorrectionService;
import cn.luohe.grassroots.identity.api.Caller;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail of corrections and voids, for the record's administrators. */
@RestController
@RequestMapping("/api/v1/record-audit")
class RecordAuditController {

	private final CorrectionService corrections;

	RecordAuditController(CorrectionService corrections) {
		this.corrections = corrections;
	}

	@GetMapping
	Mono<Page<AuditEntryView>> trail(@RequestParam String kind, @RequestParam long recordId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		RecordKind recordKind;
		try {
			recordKind = RecordKind.ofWireName(kind);
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidField("kind", "不是可更正的记录类型");
		}
		int size = Limits.of(limit);
		return this.corrections.trail(caller, recordKind, recordId, Cursors.afterId(cursor), size + 1)
			.map(rows -> Page.of(rows, size, row -> String.valueOf(row.id()))
				.map(row -> new AuditEntryView(row.id(), row.kind().wireName(), row.recordId(), row.actorId(),
						row.actorName(), row.action(), row.reason(), row.before(), row.after(), row.at())));
	}

	/** One audited correction or void: the record before and after. */
	record AuditEntryView(long id, String kind, long recordId, long actorId, String actorName, String action,
			@Nullable String reason, Map<String, Object> before, Map<String, Object> after, Instant at) {
	}

}
