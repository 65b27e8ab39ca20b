package cn.luohe.grassroots.moderation.internal;

import cn.luohe.grassroots.moderation.api.PhotoModeration.PhotoState;

/** A photo's check, as stored ({@code photo_check.status}). */
enum PhotoStatus {

	/** Waiting for WeChat (submitted or to be submitted). */
	PENDING(PhotoState.HELD),
	/** WeChat suggests a human look: held for an admin. */
	REVIEW(PhotoState.HELD),
	/** Submitted as often as allowed without a verdict: held for an admin. */
	UNANSWERED(PhotoState.HELD), PASS(PhotoState.CLEARED), RISKY(PhotoState.WITHDRAWN),
	/** Cleared by an admin. */
	RELEASED(PhotoState.CLEARED),
	/** Withdrawn by an admin. */
	REMOVED(PhotoState.WITHDRAWN);

	private final PhotoState state;

	PhotoStatus(PhotoState state) {
		this.state = state;
	}

	PhotoState state() {
		return this.state;
	}

}
