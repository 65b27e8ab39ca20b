package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Corrections of a visit and their audit trail: the visitor within the amend window, an
 * administrator at any time with a reason.
 */
@Service
public class VisitCorrections {

	private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
	};

	private final VisitRepository visits;

	private final NeedRepository needs;

	private final VisitTargets targets;

	private final VisitReads reads;

	private final VisitScope scope;

	private final MediaLibrary media;

	private final CountInvalidation counts;

	private final JsonMapper json;

	private final Duration amendWindow;

	private final RecordCorrections corrections;

	private final ContentModeration moderation;

	VisitCorrections(VisitRepository visits, NeedRepository needs, VisitTargets targets, VisitReads reads,
			VisitScope scope, MediaLibrary media, CountInvalidation counts, JsonMapper json,
			RecordCorrections corrections, ContentModeration moderation) {
		this.corrections = corrections;
		this.moderation = moderation;
		this.visits = visits;
		this.needs = needs;
		this.targets = targets;
		this.reads = reads;
		this.scope = scope;
		this.media = media;
		this.counts = counts;
		this.json = json;
		// the one amendment window of every record kind (app.corrections.window)
		this.amendWindow = corrections.window();
	}

	/**
	 * The visitor within the amend window, or an administrator covering the visit's org
	 * at any time with a reason. Every change is audited.
	 */
	@Transactional
	public Mono<VisitDetails> amend(Caller caller, long visitId, AmendCommand command, TextCheck check) {
		Instant now = this.reads.now();
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.flatMap(visit -> {
				if (visit.voidedAt() != null) {
					this.scope.requireReadable(caller, visit);
					return Mono.error(ApiException.unprocessable("RECORD_VOIDED", "该记录已作废，不能再更正"));
				}
				boolean own = visit.userId() == caller.userId();
				boolean inWindow = own && now.isBefore(visit.receivedAt().plus(this.amendWindow));
				boolean administrator = !caller.bindingsCovering(visit.org(), Role.ADMINISTRATORS).isEmpty();
				if (!inWindow && !administrator) {
					if (own) {
						return Mono.error(RecordCorrections.amendWindowClosed(this.amendWindow));
					}
					return Mono.error(caller.hasAnyRole(Role.ADMINISTRATORS) ? ApiException.forbiddenScope()
							: ApiException.forbiddenRole());
				}
				String reason = blankToNull(command.reason());
				if (!inWindow && reason == null) {
					return Mono.error(
							ApiException.invalidField("reason", "is required when an administrator corrects a visit"));
				}
				Set<Role> targetRoles = inWindow ? Role.VISITORS : Role.ADMINISTRATORS;
				Long newOrgId = command.visitedOrgId();
				Mono<VisitTargets.Target> target = (newOrgId == null || newOrgId == visit.org().id())
						? Mono.just(new VisitTargets.Target(visit.org(), visit.townId()))
						: this.targets.target(caller, newOrgId, targetRoles);
				List<Long> photos = (command.photoIds() != null) ? command.photoIds() : visit.photoIds();
				Mono<Void> photoCheck = (command.photoIds() != null) ? this.media.requireOwned(visit.userId(), photos)
						: Mono.empty();
				String note = (command.note() != null) ? blankToNull(command.note()) : visit.note();
				return target.flatMap(newTarget -> photoCheck
					.then(applyAmendment(caller, visit, newTarget, note, photos, reason, now)));
			})
			// a text held for review is filed for the queue in the same transaction
			.flatMap(
					saved -> this.moderation.fileHeld(check, "visit", visitId, saved.visitedOrgId()).thenReturn(saved));
	}

	private Mono<VisitDetails> applyAmendment(Caller caller, VisitRow visit, VisitTargets.Target target,
			@Nullable String note, List<Long> photos, @Nullable String reason, Instant now) {
		return Mono.defer(() -> {
			Map<String, Object> before = new LinkedHashMap<>();
			Map<String, Object> after = new LinkedHashMap<>();
			if (!Objects.equals(note, visit.note())) {
				before.put("note", visit.note());
				after.put("note", note);
			}
			boolean moved = target.org().id() != visit.org().id();
			if (moved) {
				before.put("visitedOrgId", visit.org().id());
				before.put("visitedOrgName", visit.org().name());
				after.put("visitedOrgId", target.org().id());
				after.put("visitedOrgName", target.org().name());
			}
			boolean photosChanged = !photos.equals(visit.photoIds());
			if (photosChanged) {
				before.put("photoIds", visit.photoIds());
				after.put("photoIds", photos);
			}
			if (before.isEmpty()) {
				return this.reads.load(visit.id());
			}
			// visit_change keeps serving GET /visits/{id}/changes; record_audit
			// (through the correction helper) gets the same change
			Mono<Void> writes = this.visits.amend(visit.id(), note, target.org().id(), target.townId(), photos, now)
				.then(this.visits.insertChange(visit.id(), caller.userId(), now, reason,
						this.json.writeValueAsString(before), this.json.writeValueAsString(after)));
			if (moved) {
				writes = writes.then(this.needs.moveToOrg(visit.id(), target.org().id(), target.townId()))
					.then(this.counts.touch(visit.townId(), visit.yearMonth()))
					.then(this.counts.touch(target.townId(), visit.yearMonth()));
			}
			if (moved || photosChanged) {
				writes = writes
					.then(this.media.replaceAttachments(photos, VisitRecording.RECORD_TYPE, visit.id(), target.org()));
			}
			Mono<Void> update = writes;
			return this.reads.load(visit.id())
				.flatMap(
						details -> this.corrections.correct(caller, correctable(visit, details), reason, after, update))
				.then(Mono.defer(() -> this.reads.load(visit.id())));
		});
	}

	private static Correctable correctable(VisitRow visit, VisitDetails details) {
		return new Correctable(RecordKind.VISIT, visit.id(), visit.userId(), visit.receivedAt(), visit.org(),
				(visit.note() != null) ? visit.note() : visit.org().name(), visit.townId(), visit.yearMonth(),
				visit.voidedAt() != null, details);
	}

	/**
	 * Voids a visit with the needs heard on it: the visitor within the amendment window,
	 * or an administrator covering it; it leaves every count, report and the feed.
	 */
	@Transactional
	public Mono<VoidResult> voidVisit(Caller caller, long visitId, String reason) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			// its visitor voiding it again gets the same answer
			.doOnNext(visit -> this.scope.requireReadable(caller, visit, true))
			.flatMap(visit -> this.reads.load(visitId)
				.flatMap(details -> this.corrections.voidRecord(caller, correctable(visit, details), reason))
				.flatMap(result -> this.visits.voidNeeds(visitId, result.voidedBy(), result.reason(), result.voidedAt())
					.thenReturn(result)));
	}

	/** The audit trail of a visit, oldest first, for whoever may read the visit. */
	public Mono<List<VisitChange>> changes(Caller caller, long visitId) {
		return this.visits.find(visitId)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.doOnNext(visit -> this.scope.requireReadable(caller, visit))
			.flatMap(visit -> this.visits.changes(visitId).collectList())
			.flatMap(rows -> this.reads.names(rows.stream().map(VisitRepository.ChangeRow::changedBy).toList())
				.map(names -> rows.stream()
					.map(row -> new VisitChange(row.id(), VisitReads.person(row.changedBy(), names), row.changedAt(),
							row.reason(), this.json.readValue(row.before(), JSON_OBJECT),
							this.json.readValue(row.after(), JSON_OBJECT)))
					.toList()));
	}

	static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
