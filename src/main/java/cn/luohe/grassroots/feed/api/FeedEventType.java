package cn.luohe.grassroots.feed.api;

/** What happened; the SSE {@code event} name is the wire value. */
public enum FeedEventType {

	VISIT_CHECKED_IN("visit.checked_in"), VISIT_COMPLETED("visit.completed"), ACTIVITY_LOGGED("activity.logged"),
	THEMED_EVENT_LOGGED("themed_event.logged"), NEED_RESOLVED("need.resolved"),
	HOST_UNIT_REGISTERED("host_unit.registered"), LEAGUE_ORG_FOUNDED("league_org.founded"),
	LEAGUE_ORG_DISSOLVED("league_org.dissolved"), LEAGUE_MILESTONE_RECORDED("league_milestone.recorded"),

	/** Progress reported on a work-ledger assignment. */
	LEDGER_PROGRESS("ledger.progress"),

	/** A work-ledger assignment reported done. */
	LEDGER_DONE("ledger.done"),

	/** An interview or on-site supervision of a lagging work-ledger assignment. */
	LEDGER_SUPERVISION("ledger.supervision"),

	/**
	 * A record was voided: its earlier events (named in {@code retracts}) leave the feed;
	 * live clients drop them.
	 */
	RECORD_VOIDED("record.voided");

	private final String wireName;

	FeedEventType(String wireName) {
		this.wireName = wireName;
	}

	public String wireName() {
		return this.wireName;
	}

}
