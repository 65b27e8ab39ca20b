package cn.luohe.grassroots.correction.api;

import java.util.EnumSet;
import java.util.Set;

import cn.luohe.grassroots.feed.api.FeedEventType;

/**
 * The kinds of record that can be corrected and voided: each with its wire name (in
 * paths, audit rows and answers), its table (which carries {@code voided_at},
 * {@code voided_by}, {@code void_reason}) and the feed events it produced.
 */
public enum RecordKind {

	VISIT("visit", "visit", EnumSet.of(FeedEventType.VISIT_CHECKED_IN, FeedEventType.VISIT_COMPLETED)),
	ACTIVITY("activity", "youth_home_activity", EnumSet.of(FeedEventType.ACTIVITY_LOGGED)),
	THEMED_EVENT("themed-event", "themed_event", EnumSet.of(FeedEventType.THEMED_EVENT_LOGGED)),
	THEME("theme", "theme", EnumSet.noneOf(FeedEventType.class)),
	VOLUNTEER_TEAM("volunteer-team", "volunteer_team", EnumSet.noneOf(FeedEventType.class)),
	YOUTH_ORGANIZATION("youth-organization", "youth_organization", EnumSet.noneOf(FeedEventType.class)),
	MEDIA("media", "media", EnumSet.noneOf(FeedEventType.class)), LEAGUE_ORG("league-org", "league_org",
			EnumSet.of(FeedEventType.LEAGUE_ORG_FOUNDED, FeedEventType.LEAGUE_ORG_DISSOLVED));

	private final String wireName;

	private final String table;

	private final Set<FeedEventType> feedTypes;

	RecordKind(String wireName, String table, Set<FeedEventType> feedTypes) {
		this.wireName = wireName;
		this.table = table;
		this.feedTypes = feedTypes;
	}

	public String wireName() {
		return this.wireName;
	}

	/** The record's table: a constant, never from a request. */
	public String table() {
		return this.table;
	}

	public Set<FeedEventType> feedTypes() {
		return Set.copyOf(this.feedTypes);
	}

	public static RecordKind ofWireName(String wireName) {
		for (RecordKind kind : values()) {
			if (kind.wireName.equals(wireName)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown record kind " + wireName);
	}

}
