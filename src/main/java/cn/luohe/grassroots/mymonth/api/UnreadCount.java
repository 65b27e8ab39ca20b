package cn.luohe.grassroots.mymonth.api;

import reactor.core.publisher.Mono;

/**
 * How many reminders the user has not read yet. Answered by the reminders' inbox (built
 * on another branch) as a bean; without one the month answers
 * {@code unreadReminders: null}.
 */
public interface UnreadCount {

	/** Unread inbox items of {@code userId}; one statement. */
	Mono<Long> unread(long userId);

}
