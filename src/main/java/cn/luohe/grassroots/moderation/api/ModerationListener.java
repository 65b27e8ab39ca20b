package cn.luohe.grassroots.moderation.api;

import reactor.core.publisher.Mono;

/**
 * Told of moderation's decisions that concern a user (implemented by the reminders'
 * inbox), called inside the deciding transaction.
 */
public interface ModerationListener {

	Mono<Void> photoWithdrawn(PhotoWithdrawn event);

}
