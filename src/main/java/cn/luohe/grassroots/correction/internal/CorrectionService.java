package cn.luohe.grassroots.correction.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.dashboard.api.MonthClosure;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one helper behind every correction and void: check window or role, check the month,
 * update, audit, feed correction, dirty mark, in the caller's transaction.
 */
@Service
public class CorrectionService implements RecordCorrections {

	static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private static final int SUMMARY_LENGTH = 140;

	private final AuditRepository audit;

	private final FeedOutbox feed;

	private final CountInvalidation counts;

	private final MonthClosure closure;

	private final OrgDirectory orgs;

	private final BusinessClock clock;

	private final JsonMapper json;

	private final Duration window;

	CorrectionService(AuditRepository audit, FeedOutbox feed, CountInvalidation counts, MonthClosure closure,
			OrgDirectory orgs, BusinessClock clock, JsonMapper json, CorrectionProperties properties) {
		this.audit = audit;
		this.feed = feed;
		this.counts = counts;
		this.closure = closure;
		this.orgs = orgs;
		this.clock = clock;
		this.json = json;
		this.window = properties.window();
	}

	@Override
	@Transactional
	public Mono<VoidResult> voidRecord(Caller caller, Correctable record, String reason) {
		Instant now = this.clock.now();
		return allowed(caller, record, now).then(Mono.defer(
				() -> this.audit.markVoided(record.kind(), record.id(), caller.userId(), reason, now).flatMap(row -> {
					VoidResult result = new VoidResult(record.kind(), record.id(), row.voidedAt(), row.voidedBy(),
							row.reason());
					if (!row.written()) {
						// voided before (or by a concurrent call): the same answer,
						// audited once
						return Mono.just(result);
					}
					Map<String, Object> before = snapshot(record);
					Map<String, Object> after = new LinkedHashMap<>(before);
					after.put("voidedAt", row.voidedAt().toString());
					after.put("voidedBy", row.voidedBy());
					after.put("voidReason", row.reason());
					FeedEventDraft correction = new FeedEventDraft(FeedEventType.RECORD_VOIDED, record.org(),
							caller.userId(), caller.displayName(), now, summary("已作废：" + record.title()), record.id(),
							List.of());
					return this.audit
						.insert(record.kind(), record.id(), caller.userId(), "VOID", reason, write(before),
								write(after), record.org(), now)
						.then(this.feed.retract(correction, record.kind().feedTypes()))
						.then(touch(record))
						.thenReturn(result);
				})));
	}

	@Override
	@Transactional
	public Mono<Void> correct(Caller caller, Correctable record, @Nullable String reason, Object after,
			Mono<Void> update) {
		if (record.voided()) {
			return Mono.error(ApiException.unprocessable("RECORD_VOIDED", "该记录已作废，不能再更正"));
		}
		Instant now = this.clock.now();
		return allowed(caller, record, now).then(update)
			.then(Mono.defer(() -> this.audit.insert(record.kind(), record.id(), caller.userId(), "CORRECT", reason,
					write(snapshot(record)), write(this.json.convertValue(after, JSON_OBJECT)), record.org(), now)))
			.then(touch(record));
	}

	@Override
	public boolean seesVoided(Caller caller, Org org) {
		return !caller.bindingsCovering(org, Role.ADMINISTRATORS).isEmpty();
	}

	@Override
	public Duration window() {
		return this.window;
	}

	/**
	 * The author within the window, or an administrator covering the record's org; then
	 * the record's month must be open. A voided record answers its void again, so the
	 * month is not asked then.
	 */
	private Mono<Void> allowed(Caller caller, Correctable record, Instant now) {
		boolean administrator = seesVoided(caller, record.org());
		boolean author = record.authorId() == caller.userId();
		if (!administrator) {
			if (!author) {
				return Mono.error(caller.hasAnyRole(Role.ADMINISTRATORS) ? ApiException.forbiddenScope()
						: ApiException.forbiddenRole());
			}
			if (!now.isBefore(record.createdAt().plus(this.window))) {
				return Mono.error(RecordCorrections.amendWindowClosed(this.window));
			}
		}
		YearMonth month = record.month();
		String countyCode = record.org().ancestorCode(OrgLevel.COUNTY);
		if (record.voided() || month == null || countyCode == null) {
			return Mono.empty();
		}
		return this.orgs.findByCode(countyCode)
			.flatMap(county -> this.closure.isClosed(county.id(), month))
			.flatMap(closed -> closed ? Mono.error(RecordCorrections.monthClosed(month)) : Mono.<Void>empty());
	}

	private Mono<Void> touch(Correctable record) {
		Long townId = record.townId();
		YearMonth month = record.month();
		if (townId == null || month == null) {
			return Mono.empty();
		}
		// a visit also counts for its visitor's monthly duty
		return (record.kind() == RecordKind.VISIT) ? this.counts.touchVisit(townId, month, record.authorId())
				: this.counts.touch(townId, month);
	}

	/**
	 * A record's audit trail, oldest first, for the administrators of the orgs it was
	 * audited at (403 for anyone else).
	 */
	public Mono<List<AuditEntry>> trail(Caller caller, RecordKind kind, long recordId, long afterId, int limit) {
		if (!caller.hasAnyRole(Role.ADMINISTRATORS)) {
			return Mono.error(ApiException.forbiddenRole());
		}
		return this.audit.trail(kind, recordId, afterId, limit)
			.concatMap(row -> this.orgs.require(row.orgId()).map(org -> {
				if (!seesVoided(caller, org)) {
					throw ApiException.forbiddenScope();
				}
				return new AuditEntry(row.id(), kind, row.recordId(), row.actorId(), row.actorName(), row.action(),
						row.reason(), this.json.readValue(row.before(), JSON_OBJECT),
						this.json.readValue(row.after(), JSON_OBJECT), row.at());
			}))
			.collectList();
	}

	/** One audited correction or void, with the record before and after. */
	public record AuditEntry(long id, RecordKind kind, long recordId, long actorId, String actorName, String action,
			@Nullable String reason, Map<String, Object> before, Map<String, Object> after, Instant at) {
	}

	private Map<String, Object> snapshot(Correctable record) {
		return this.json.convertValue(record.snapshot(), JSON_OBJECT);
	}

	private String write(Map<String, Object> value) {
		return this.json.writeValueAsString(value);
	}

	private static String summary(String text) {
		return (text.length() <= SUMMARY_LENGTH) ? text : text.substring(0, SUMMARY_LENGTH - 1) + "…";
	}

}
