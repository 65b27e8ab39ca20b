package cn.luohe.grassroots.visit.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.dashboard.api.CountInvalidation;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.org.api.Org;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * 走基层 check-in and check-out. Each writes the record, its idempotency key, its feed event
 * and the dirty mark of its town-month together, each in one statement.
 */
@Service
public class VisitRecording {

	static final String RECORD_TYPE = "visit";

	private static final int FEED_SUMMARY_LENGTH = 140;

	private final VisitRepository visits;

	private final VisitTargets targets;

	private final VisitReads reads;

	private final MediaLibrary media;

	private final ContentModeration moderation;

	private final CountInvalidation counts;

	private final Idempotency idempotency;

	private final VisitWeek visitWeek;

	private final DeviceTimeRule deviceTime;

	private final PlausibilityRule plausibility;

	VisitRecording(VisitRepository visits, VisitTargets targets, VisitReads reads, MediaLibrary media,
			ContentModeration moderation, CountInvalidation counts, Idempotency idempotency,
			VisitProperties properties) {
		this.visits = visits;
		this.targets = targets;
		this.reads = reads;
		this.media = media;
		this.moderation = moderation;
		this.counts = counts;
		this.idempotency = idempotency;
		this.visitWeek = properties.visitWeek();
		this.deviceTime = properties.deviceTimeRule();
		this.plausibility = properties.plausibilityRule();
	}

	/**
	 * A check-in. Its reads (target, photos, the visitor's last fix, the visit's id) come
	 * first; then one statement, with no transaction around it, claims the idempotency
	 * key with the answer stored and writes the visit with its photos, feed event and
	 * dirty mark. A held text's event goes to the moderation queue instead, in the same
	 * statement.
	 */
	public Mono<Outcome<VisitDetails>> checkIn(Caller caller, CheckInCommand command, @Nullable String key,
			TextCheck check) {
		return this.targets.target(caller, command.visitedOrgId(), Role.VISITORS).flatMap(target -> {
			// as stored (microseconds), so that the answer built before the write is what
			// a later read returns
			Instant now = this.reads.now().truncatedTo(ChronoUnit.MICROS);
			DeviceTimeRule.Judgement time = this.deviceTime.judge(command.occurredAt(), now);
			Instant at = time.effectiveAt().truncatedTo(ChronoUnit.MICROS);
			Mono<VisitRepository.Surroundings> checks = this.media.requireOwned(caller.userId(), command.photoIds())
				.then(this.visits.surroundings(caller.userId(), at, target.org().id()));
			return this.idempotency.writeAtOnce(caller.userId(), key, "visit.check-in", command, VisitDetails.class,
					checks, known -> prepareCheckIn(caller, target, command, now, at, time, known, check));
		});
	}

	private Idempotency.Prepared<VisitDetails> prepareCheckIn(Caller caller, VisitTargets.Target target,
			CheckInCommand command, Instant now, Instant at, DeviceTimeRule.Judgement time,
			VisitRepository.Surroundings known, TextCheck check) {
		LocalDate date = BusinessClock.dateOf(at);
		boolean inVisitWeek = this.visitWeek.contains(date);
		Org org = target.org();
		List<Long> photos = command.photoIds();
		Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
		flags.addAll(time.flags());
		flags.addAll(this.plausibility.checkIn(command.location(), at, known.previous(), known.orgLocation()));
		if (!inVisitWeek) {
			flags.add(VisitFlag.OUTSIDE_VISIT_WEEK);
		}
		long id = known.nextId();
		Instant occurredAt = (command.occurredAt() != null) ? command.occurredAt().truncatedTo(ChronoUnit.MICROS)
				: null;
		VisitRepository.NewVisit visit = new VisitRepository.NewVisit(caller.userId(), org.id(), target.townId(),
				occurredAt, now, at, date.withDayOfMonth(1), BusinessClock.startOfDay(date.plusDays(1)), inVisitWeek,
				flags, command.location(), command.note(), photos);
		FeedEventDraft event = new FeedEventDraft(FeedEventType.VISIT_CHECKED_IN, org, caller.userId(),
				caller.displayName(), at, feedSummary(command.note(), org), id, photos);
		String visitId = "(SELECT id FROM v)";
		// the stored row, its visitor (the caller) and no needs yet: what a read returns
		Outcome<VisitDetails> answer = Outcome.created(VisitReads.details(VisitRepository.asStored(id, visit, org),
				new Person(caller.userId(), caller.displayName()), null, now));
		return new Idempotency.Prepared<>(answer, claim -> {
			Mono<Void> write = this.visits.insert(id, visit, now, claim,
					this.media.attachStep("photos", photos, RECORD_TYPE, visitId, org),
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, event, visitId),
					this.counts.touchVisitStep("dirty", target.townId(), YearMonth.from(date), caller.userId()));
			return write;
		});
	}

	/**
	 * A check-out, in the check-in's shape: its read (the visit, the visited org's
	 * location, the needs' ids) and every rule come first; then one statement, with no
	 * transaction around it, claims the idempotency key with the answer stored and
	 * completes the visit with its needs, feed event and dirty mark. A visit completed or
	 * closed since it was read fails that statement whole (409). A replay of an answered
	 * check-out fails the rules (the visit is completed) and answers the stored first
	 * response.
	 */
	public Mono<Outcome<VisitDetails>> checkOut(Caller caller, long visitId, CheckOutCommand command,
			@Nullable String key, TextCheck check) {
		// as stored (microseconds), so that the answer built before the write is what a
		// later read returns
		Instant now = this.reads.now().truncatedTo(ChronoUnit.MICROS);
		DeviceTimeRule.Judgement time = this.deviceTime.judge(command.occurredAt(), now);
		Instant at = time.effectiveAt();
		Mono<VisitRepository.CheckOutSurroundings> checks = this.visits
			.checkOutSurroundings(visitId, command.needs().size())
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Visit " + visitId)))
			.flatMap(known -> {
				VisitRow visit = known.visit();
				if (visit.userId() != caller.userId()) {
					return Mono.error(new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN_ROLE",
							"Only the visitor checks out their own visit"));
				}
				// a check-out whose device time lies within the visit's day completes it
				// even when synced after the day ended (offline); otherwise the day's end
				// closed it
				if (visit.status() == VisitStatus.COMPLETED || !at.isBefore(visit.dayEnd())) {
					return Mono.error(notInProgress(visit, now));
				}
				if (at.isBefore(visit.effectiveAt())) {
					return Mono.error(ApiException.unprocessable("CHECK_OUT_BEFORE_CHECK_IN",
							"The check-out's time lies before the check-in's"));
				}
				return Mono.just(known);
			});
		return this.idempotency.writeAtOnce(caller.userId(), key, "visit.check-out:" + visitId, command,
				VisitDetails.class, checks, known -> prepareCheckOut(caller, known, command, now, time, check));
	}

	private Idempotency.Prepared<VisitDetails> prepareCheckOut(Caller caller,
			VisitRepository.CheckOutSurroundings known, CheckOutCommand command, Instant now,
			DeviceTimeRule.Judgement time, TextCheck check) {
		VisitRow visit = known.visit();
		Instant at = time.effectiveAt();
		Set<VisitFlag> flags = EnumSet.noneOf(VisitFlag.class);
		flags.addAll(visit.flags());
		flags.addAll(time.flags());
		flags.addAll(this.plausibility.checkOut(command.location(), known.orgLocation()));
		Instant occurredAt = (command.occurredAt() != null) ? command.occurredAt().truncatedTo(ChronoUnit.MICROS)
				: null;
		VisitRepository.CheckedOut out = new VisitRepository.CheckedOut(visit.id(), command, occurredAt, now, flags,
				caller.userId(), known.needIds());
		String summary = (command.summary() != null) ? command.summary() : visit.note();
		FeedEventDraft event = new FeedEventDraft(FeedEventType.VISIT_COMPLETED, visit.org(), caller.userId(),
				caller.displayName(), at, feedSummary(summary, visit.org()), visit.id(), visit.photoIds());
		List<NeedRow> heard = new ArrayList<>();
		for (int i = 0; i < known.needIds().size(); i++) {
			heard.add(new NeedRow(known.needIds().get(i), visit.id(), visit.org(), visit.townId(), visit.month(),
					caller.userId(), command.needs().get(i), NeedStatus.OPEN, now, null, null, null));
		}
		// the stored row, its visitor (the caller) and the needs heard: what a read
		// returns
		Outcome<VisitDetails> answer = Outcome.ok(VisitReads.details(VisitRepository.asCompleted(visit, out),
				new Person(caller.userId(), caller.displayName()), heard, now));
		return new Idempotency.Prepared<>(answer, claim -> {
			Mono<Void> write = this.visits.complete(out, at, claim,
					// a held text's event waits in the moderation queue instead
					this.moderation.publishStep("event", check, event, "(SELECT id FROM v)"),
					this.counts.touchVisitStep("dirty", visit.townId(), visit.yearMonth(), caller.userId()))
				// completed or closed since it was read: the statement failed whole
				.onErrorMap(error -> SqlStep.raised(error, VisitRepository.NOT_OPEN),
						error -> ApiException.conflict("VISIT_NOT_IN_PROGRESS",
								"The visit was completed or closed meanwhile and can no longer be checked out"));
			return write;
		});
	}

	private static ApiException notInProgress(VisitRow visit, Instant now) {
		return ApiException.conflict("VISIT_NOT_IN_PROGRESS",
				"The visit is " + visit.statusAt(now) + " and can no longer be checked out");
	}

	private static String feedSummary(@Nullable String text, Org org) {
		String summary = (text != null && !text.isBlank()) ? text.strip() : org.name();
		return (summary.length() <= FEED_SUMMARY_LENGTH) ? summary
				: summary.substring(0, FEED_SUMMARY_LENGTH - 1) + "…";
	}

}
