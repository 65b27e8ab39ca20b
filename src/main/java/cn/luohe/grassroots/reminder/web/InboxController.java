package cn.luohe.grassroots.reminder.web;

import cn.luohe.grassroots.common.paging.Limits;
import cn.luohe.grassroots.common.paging.Page;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.reminder.internal.InboxService;
import cn.luohe.grassroots.reminder.internal.InboxService.Consent;
import cn.luohe.grassroots.reminder.internal.InboxService.InboxItem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's inbox of reminders and the consents the mini-program reports. */
@RestController
class InboxController {

	private final InboxService inbox;

	InboxController(InboxService inbox) {
		this.inbox = inbox;
	}

	/** Newest first; {@code delivered} is PENDING while a WeChat message may follow. */
	@GetMapping("/api/v1/me/inbox")
	Mono<Page<InboxItem>> list(Caller caller, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		int pageSize = Limits.of(limit);
		return this.inbox.inbox(caller, cursor, pageSize);
	}

	@GetMapping("/api/v1/me/inbox/unread-count")
	Mono<UnreadView> unread(Caller caller) {
		return this.inbox.unread(caller).map(UnreadView::new);
	}

	/** Idempotent: an item read earlier keeps its first {@code readAt}. */
	@PostMapping("/api/v1/me/inbox/{id}/read")
	Mono<InboxItem> read(@PathVariable long id, Caller caller) {
		return this.inbox.markRead(caller, id);
	}

	@PostMapping("/api/v1/me/subscriptions")
	Mono<ResponseEntity<Consent>> subscribe(@Valid @RequestBody SubscriptionRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Caller caller) {
		return this.inbox.consent(caller, request.templateId().strip(), request.accepted(), key)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(outcome.body()));
	}

	record UnreadView(long unread) {
	}

	/**
	 * One answer of {@code wx.requestSubscribeMessage} for one template.
	 *
	 * @param accepted true for "accept", false for "reject" (or "ban")
	 */
	record SubscriptionRequest(@NotBlank @Size(max = 128) String templateId, @NotNull Boolean accepted) {
	}

}
