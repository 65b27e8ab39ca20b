package cn.luohe.grassroots.moderation.internal;

import java.util.Set;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Each instance's picture of the photos others may not see, reread every
 * {@code app.moderation.snapshot-interval} (1 s) and at once after a decision made here:
 * the feed's thumbnails are chosen synchronously while events are encoded. It fails
 * closed: a photo above the highest one it knows (uploaded since) counts as held, and a
 * photo only leaves the held set by being cleared, so a stale picture hides, never shows
 * (but for an upload that commits after a higher one and is shown within that second).
 */
@Component
class ClearanceSnapshot extends PeriodicTask {

	private final ModerationRepository repository;

	/** Before the first read: every photo held. */
	private volatile Picture picture = new Picture(-1, Set.of());

	ClearanceSnapshot(ModerationRepository repository, ModerationProperties properties) {
		super("Photo clearance snapshot", java.time.Duration.ZERO, properties.snapshotInterval());
		this.repository = repository;
	}

	@Override
	protected Mono<?> runOnce() {
		return refresh();
	}

	Mono<Void> refresh() {
		return this.repository.snapshot()
			.doOnNext(snapshot -> this.picture = new Picture(snapshot.maxId(), Set.copyOf(snapshot.held())))
			.then();
	}

	boolean cleared(long photoId) {
		Picture current = this.picture;
		return photoId <= current.maxId() && !current.held().contains(photoId);
	}

	private record Picture(long maxId, Set<Long> held) {
	}

}
