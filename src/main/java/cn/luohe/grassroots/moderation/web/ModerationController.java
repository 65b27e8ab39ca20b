package cn.luohe.grassroots.moderation.web;

import java.time.Instant;

import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.moderation.internal.ItemStatus;
import cn.luohe.grassroots.moderation.internal.ModerationService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The moderation queue: city admins release or remove what content security held. */
@RestController
@RequestMapping("/api/v1/moderation")
class ModerationController {

	private final ModerationService moderation;

	private final ModerationViewMapper mapper;

	ModerationController(ModerationService moderation, ModerationViewMapper mapper) {
		this.moderation = moderation;
		this.mapper = mapper;
	}

	/** Items oldest first; {@code status} OPEN by default. */
	@GetMapping("/queue")
	Mono<Page<ItemView>> queue(@RequestParam(required = false) @Nullable ItemStatus status,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, Caller caller) {
		int size = Limits.of(limit);
		return this.moderation.queue(caller, (status != null) ? status : ItemStatus.OPEN, cursor, size)
			.map(page -> page.map(this.mapper::toView));
	}

	@PostMapping("/items/{id}/release")
	Mono<ItemView> release(@PathVariable long id, @Valid @RequestBody DecisionRequest request, Caller caller) {
		return this.moderation.release(caller, id, request.reason().strip()).map(this.mapper::toView);
	}

	@PostMapping("/items/{id}/remove")
	Mono<ItemView> remove(@PathVariable long id, @Valid @RequestBody DecisionRequest request, Caller caller) {
		return this.moderation.remove(caller, id, request.reason().strip()).map(this.mapper::toView);
	}

	/** Why the admin decided so (audited). */
	record DecisionRequest(@NotBlank @Size(max = 500) String reason) {
	}

	/**
	 * One queue item: a held text (its record and an excerpt) or a photo (its id), why it
	 * is here ({@code REVIEW}, {@code UNCHECKED}, {@code RISKY}, {@code UNANSWERED}) and
	 * the decision once taken.
	 */
	record ItemView(long id, String kind, String status, @Nullable String recordType, @Nullable Long recordId,
			@Nullable Long photoId, @Nullable Long orgId, long authorId, String authorName, String excerpt,
			@Nullable String reason, @Nullable String label, Instant createdAt, @Nullable Instant decidedAt,
			@Nullable Long decidedBy, @Nullable String decisionNote) {
	}

}
