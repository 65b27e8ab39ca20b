package cn.luohe.grassroots.reminder.internal;

import org.jspecify.annotations.Nullable;

/**
 * A reminder a rule asks for: written once per (rule, user, period).
 *
 * @param templateId the WeChat template of its message, null for the inbox only
 */
record Draft(String rule, long userId, String period, String title, String body, @Nullable String page,
		@Nullable String templateId) {

	/** Bodies are bounded (a list of names can be long). */
	static final int BODY_LENGTH = 1000;

	Draft {
		if (body.length() > BODY_LENGTH) {
			body = body.substring(0, BODY_LENGTH - 1) + "…";
		}
	}

}
