package cn.luohe.grassroots.feed.api;

/**
 * What happened; the SSE {@code event} name is the wire value. {@code recordType} names
 * the kind of record the event's record id points at (docs/feed.md, Opening an item).
 */
public enum FeedEventType {

	VISIT_CHECKED_IN("visit.checked_in", "visit"), VISIT_COMPLETED("visit.completed", "visit"),
	ACTIVITY_LOGGED("activity.logged", "activity"), THEMED_EVENT_LOGGED("themed_event.logged", "themed_event"),
	NEED_RESOLVED("need.resolved", "need"), HOST_UNIT_REGISTERED("host_unit.registered", "host_unit"),
	LEAGUE_ORG_FOUNDED("league_org.founded", "league_org"), LEAGUE_ORG_DISSOLVED("league_org.dissolved", "league_org"),
	LEAGUE_MILESTONE_RECORDED("league_milestone.recorded", "league_milestone"),

	/** Progress reported on a work-ledger assignment. */
	LEDGER_PROGRESS("ledger.progress", "ledger_report"),

	/** A work-ledger assignment reported done. */
	LEDGER_DONE("ledger.done", "ledger_report"),

	/** An interview or on-site supervision of a lagging work-ledger assignment. */
	LEDGER_SUPERVISION("ledger.supervision", "ledger_supervision"),

	/**
	 * A record was voided: its earlier events (named in {@code retracts}) leave the feed;
	 * live clients drop them. Its record id is the voided record's.
	 */
	RECORD_VOIDED("record.voided", "record");

	private final String wireName;

	private final String recordType;

	FeedEventType(String wireName, String recordType) {
		this.wireName = wireName;
		this.recordType = recordType;
	}

	public String wireName() {
		return this.wireName;
	}

	/** The kind of record the event is about, as the feed's items name it. */
	public String recordType() {
		return this.recordType;
	}

}
