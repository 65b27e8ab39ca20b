package cn.luohe.grassroots.ledger.internal;

/**
 * A figure the service already holds that measures a task: its progress is computed from
 * the records, not typed. Shares compare met with all; counts compare with the task's
 * target per unit.
 */
public enum Indicator {

	/** 每个乡镇至少建一个青年之家: towns with a Youth Home, of all towns (registry). */
	YOUTH_HOME_TOWN_COVERAGE,

	/** 每月至少开展两次活动: home-months with two activities, of all home-months (activities). */
	YOUTH_HOME_MONTHLY_ACTIVITIES,

	/** 第一团支书每月主题活动: months with a themed event, of the months elapsed. */
	THEMED_EVENTS_MONTHLY,

	/** 新入驻云平台: homes onboarded to the cloud platform since the ledger started. */
	CLOUD_PLATFORM_ONBOARDING,

	/** 青年之家示范点: active homes marked as demonstration sites. */
	YOUTH_HOME_DEMONSTRATION_SITES,

	/** 标准化团员活动室: standard activity rooms opened (league-organisation records). */
	STANDARD_ACTIVITY_ROOMS

}
