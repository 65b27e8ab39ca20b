package cn.luohe.grassroots.reminder.internal;

import java.util.Locale;

/** What a reminder is about; its name is the inbox item's {@code rule}. */
enum Rule {

	/** Visit week's first day: every visitor (cadres, county secretaries, leaders). */
	VISIT_WEEK_OPENS("pages/month/index"),

	/** Day 5: a visitor without a completed visit this visit week. */
	VISIT_MISSING("pages/month/index"),

	/**
	 * Day 5: the county secretary gets the list of their county's visitors without one.
	 */
	VISIT_MISSING_LIST("pages/month/index"),

	/** The 20th: a manager of a Youth Home with fewer than two activities this month. */
	YOUTH_HOME_BEHIND("pages/month/index"),

	/** The 25th and the 28th: a county or department that has not submitted its forms. */
	FORMS_DUE("pages/forms/index"),

	/** The day before a ledger deadline and the day itself: an open assignment's unit. */
	LEDGER_DEADLINE("pages/ledger/index"),

	/** A need open for a week: the county secretary over it. */
	NEED_OPEN("pages/needs/detail"),

	/** A need answered: the visitor who heard it. */
	NEED_RESOLVED("pages/needs/detail"),

	/**
	 * The month's last day: a town or county under a black flag, its county secretary.
	 */
	BLACK_FLAG("pages/dashboard/index");

	private final String page;

	Rule(String page) {
		this.page = page;
	}

	/** The mini-program page the reminder opens by default. */
	String page() {
		return this.page;
	}

	/** The rule's name in configuration ({@code app.reminders.templates.<key>}). */
	String key() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
