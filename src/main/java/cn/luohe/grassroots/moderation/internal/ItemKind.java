package cn.luohe.grassroots.moderation.internal;

/** What a queue item is about. */
public enum ItemKind {

	/**
	 * A text WeChat asked to review or that could not be checked; its feed event waits.
	 */
	TEXT_HELD,
	/** A photo WeChat judged risky: already withdrawn. */
	PHOTO_RISKY,
	/** A photo WeChat asked to review: held. */
	PHOTO_REVIEW,
	/** A photo whose check WeChat never answered: held. */
	CHECK_UNANSWERED

}
