package cn.luohe.grassroots.reminder.api;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A user's inbox of reminders, for features that tell someone something (e.g. a photo
 * withdrawn). Inbox only: no WeChat message is sent for these.
 */
public interface Inbox {

	/**
	 * Puts a reminder into the user's inbox once per ({@code rule}, user,
	 * {@code period}); true when it is new.
	 * @param rule a stable name of what happened (e.g. {@code PHOTO_WITHDRAWN})
	 * @param page the mini-program page it opens, or null
	 */
	Mono<Boolean> put(long userId, String rule, String period, String title, String body, @Nullable String page);

}
