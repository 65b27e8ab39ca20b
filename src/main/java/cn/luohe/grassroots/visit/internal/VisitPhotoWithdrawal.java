package cn.luohe.grassroots.visit.internal;

import cn.luohe.grassroots.common.db.PhotoLists;
import cn.luohe.grassroots.moderation.api.ModerationListener;
import cn.luohe.grassroots.moderation.api.PhotoWithdrawn;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * A withdrawn photo leaves every visit that listed it (issue 22), in the deciding
 * transaction.
 */
@Component
class VisitPhotoWithdrawal implements ModerationListener {

	private final DatabaseClient db;

	VisitPhotoWithdrawal(DatabaseClient db) {
		this.db = db;
	}

	@Override
	public Mono<Void> photoWithdrawn(PhotoWithdrawn event) {
		return PhotoLists.withdraw(this.db, "visit", event.photoId()).then();
	}

}
