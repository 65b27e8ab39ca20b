package cn.luohe.grassroots.correction.api;

import java.time.Instant;

/**
 * A voided record, as every {@code POST …/void} answers it: the same answer however often
 * it is voided. {@code kind} is the kind's wire name.
 */
public record VoidResult(String kind, long id, Instant voidedAt, long voidedBy, String reason) {

	public VoidResult(RecordKind kind, long id, Instant voidedAt, long voidedBy, String reason) {
		this(kind.wireName(), id, voidedAt, voidedBy, reason);
	}

}
