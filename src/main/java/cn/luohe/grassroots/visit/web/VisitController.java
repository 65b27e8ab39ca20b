package cn.luohe.grassroots.visit.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.common.web.RequestValues;
import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.visit.internal.AmendCommand;
import cn.luohe.grassroots.visit.internal.CheckInCommand;
import cn.luohe.grassroots.visit.internal.CheckOutCommand;
import cn.luohe.grassroots.visit.internal.VisitCompliance;
import cn.luohe.grassroots.visit.internal.VisitCorrections;
import cn.luohe.grassroots.visit.internal.VisitReads;
import cn.luohe.grassroots.visit.internal.VisitRecording;
import cn.luohe.grassroots.visit.internal.VisitStatus;
import cn.luohe.grassroots.visit.web.VisitRequests.AmendRequest;
import cn.luohe.grassroots.visit.web.VisitRequests.CheckInRequest;
import cn.luohe.grassroots.visit.web.VisitRequests.CheckOutRequest;
import cn.luohe.grassroots.visit.web.VisitViews.ComplianceItemView;
import cn.luohe.grassroots.visit.web.VisitViews.VisitChangeView;
import cn.luohe.grassroots.visit.web.VisitViews.VisitView;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/visits")
class VisitController {

	private final VisitRecording recording;

	private final VisitReads reads;

	private final VisitCompliance compliance;

	private final VisitCorrections corrections;

	private final VisitViewMapper mapper;

	private final ContentModeration moderation;

	VisitController(VisitRecording recording, VisitReads reads, VisitCompliance compliance,
			VisitCorrections corrections, VisitViewMapper mapper, ContentModeration moderation) {
		this.moderation = moderation;
		this.recording = recording;
		this.reads = reads;
		this.compliance = compliance;
		this.corrections = corrections;
		this.mapper = mapper;
	}

	@PostMapping
	Mono<ResponseEntity<VisitView>> checkIn(@Valid @RequestBody CheckInRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Caller caller) {
		CheckInCommand command = request.toCommand();
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, Collections.singletonList(command.note()))
			.flatMap(check -> this.recording.checkIn(caller, command, key, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@PostMapping("/{id}/check-out")
	Mono<ResponseEntity<VisitView>> checkOut(@PathVariable long id, @Valid @RequestBody CheckOutRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Caller caller) {
		CheckOutCommand command = request.toCommand();
		List<@Nullable String> texts = new ArrayList<>(command.needs());
		texts.add(0, command.summary());
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, texts)
			.flatMap(check -> this.recording.checkOut(caller, id, command, key, check))
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	@GetMapping
	Mono<Page<VisitView>> list(@RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Long orgId, @RequestParam(required = false) @Nullable Long userId,
			@RequestParam(required = false) @Nullable VisitStatus status,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		return this.reads.list(caller, RequestValues.optionalMonth(month, "month"), orgId, userId, status, size, cursor)
			.map(page -> page.map(this.mapper::toView));
	}

	@GetMapping("/compliance")
	Mono<Page<ComplianceItemView>> compliance(@RequestParam long orgId,
			@RequestParam(required = false) @Nullable String month,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		return this.compliance.compliance(caller, orgId, RequestValues.optionalMonth(month, "month"), size, cursor)
			.map(page -> page.map(this.mapper::toView));
	}

	@GetMapping("/{id}")
	Mono<VisitView> get(@PathVariable long id, Caller caller) {
		return this.reads.get(caller, id).map(this.mapper::toView);
	}

	/**
	 * The visitor within the amendment window, or an administrator with a reason;
	 * audited.
	 */
	@PatchMapping("/{id}")
	Mono<VisitView> amend(@PathVariable long id, @Valid @RequestBody AmendRequest request, Caller caller) {
		AmendCommand command = request.toCommand();
		return this.moderation.check(caller.userId(), TextScene.SOCIAL_LOG, Collections.singletonList(command.note()))
			.flatMap(check -> this.corrections.amend(caller, id, command, check))
			.map(this.mapper::toView);
	}

	/** Voids the visit and its needs: they leave every count, report and the feed. */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidVisit(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.corrections.voidVisit(caller, id, request.stripped());
	}

	@GetMapping("/{id}/changes")
	Mono<Page<VisitChangeView>> changes(@PathVariable long id, Caller caller) {
		return this.corrections.changes(caller, id)
			.map(changes -> new Page<>(changes.stream().map(this.mapper::toView).toList(), null));
	}

}
