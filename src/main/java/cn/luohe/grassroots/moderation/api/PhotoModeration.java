package cn.luohe.grassroots.moderation.api;

import cn.luohe.grassroots.common.db.SqlStep;
import reactor.core.publisher.Mono;

/**
 * Photos and WeChat's asynchronous media check: media registers each upload, asks whether
 * a photo may be shown to others, and serves its bytes to WeChat through a signed link.
 */
public interface PhotoModeration {

	/**
	 * Registers an uploaded photo for checking (inside the upload's transaction); it is
	 * held (owner and administrators only) until WeChat's verdict arrives.
	 */
	Mono<Void> register(long photoId, long ownerId);

	/**
	 * {@link #register} as a step {@code name} of the upload's own data-modifying
	 * {@code WITH} statement, the photo's id given as SQL (e.g.
	 * {@code (SELECT id FROM m)}).
	 */
	SqlStep registerStep(String name, String photoIdSql, long ownerId);

	/** Starts submitting registered photos now rather than at the next tick. */
	void submitSoon();

	/** The photo's state now (read from the database). */
	Mono<PhotoState> state(long photoId);

	/**
	 * Whether the photo is cleared for others, from this instance's picture of the held
	 * photos (at most about a second old; a photo newer than it counts as held).
	 */
	boolean clearedNow(long photoId);

	/** Whether a signed link to the photo's bytes is genuine and not expired. */
	boolean validLink(long photoId, long expiresEpochSecond, String signature);

	/** Whether others may see a photo. */
	enum PhotoState {

		/** Passed WeChat's check or released by an admin (or older than the checks). */
		CLEARED,
		/** Waiting for a verdict or for an admin: owner and administrators only. */
		HELD,
		/** Risky or removed: administrators only. */
		WITHDRAWN

	}

}
