package cn.luohe.grassroots.moderation.internal;

import java.util.Map;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.moderation.api.PhotoModeration;
import cn.luohe.grassroots.wechat.api.ContentSecurity;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.stereotype.Component;

/**
 * Photos' side of content security for media: registration with the upload, the state
 * reads, the signed links. Without WeChat configured a photo is cleared on registration
 * (nothing could ever check it).
 */
@Component
class PhotoChecks implements PhotoModeration {

	private final ModerationRepository repository;

	private final ContentSecurity security;

	private final ClearanceSnapshot snapshot;

	private final PhotoLinks links;

	private final BusinessClock clock;

	private final Sinks.Many<Boolean> wakeups = Sinks.many().multicast().directBestEffort();

	PhotoChecks(ModerationRepository repository, ContentSecurity security, ClearanceSnapshot snapshot, PhotoLinks links,
			BusinessClock clock) {
		this.repository = repository;
		this.security = security;
		this.snapshot = snapshot;
		this.links = links;
		this.clock = clock;
	}

	@Override
	public Mono<Void> register(long photoId, long ownerId) {
		PhotoStatus status = this.security.configured() ? PhotoStatus.PENDING : PhotoStatus.PASS;
		return this.repository.registerPhoto(photoId, ownerId, status, this.clock.now());
	}

	@Override
	public SqlStep registerStep(String name, String photoIdSql, long ownerId) {
		PhotoStatus status = this.security.configured() ? PhotoStatus.PENDING : PhotoStatus.PASS;
		return SqlStep.named(name, ModerationRepository.registerPhotoSql(photoIdSql),
				Map.of("owner", ownerId, "status", status.name(), "now", this.clock.now()));
	}

	@Override
	public void submitSoon() {
		this.wakeups.tryEmitNext(true);
	}

	Flux<Boolean> wakeups() {
		return this.wakeups.asFlux();
	}

	@Override
	public Mono<PhotoState> state(long photoId) {
		return this.repository.photo(photoId).map(check -> check.status().state()).defaultIfEmpty(PhotoState.CLEARED);
	}

	@Override
	public boolean clearedNow(long photoId) {
		return this.snapshot.cleared(photoId);
	}

	@Override
	public boolean validLink(long photoId, long expiresEpochSecond, String signature) {
		return this.links.valid(photoId, expiresEpochSecond, signature, this.clock.now());
	}

}
