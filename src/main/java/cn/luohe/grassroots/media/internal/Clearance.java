package cn.luohe.grassroots.media.internal;

import java.util.List;

import cn.luohe.grassroots.feed.api.PhotoThumbnails;
import cn.luohe.grassroots.moderation.api.PhotoModeration;

import org.springframework.stereotype.Component;

/**
 * Which photos the feed may show: those content security cleared (WeChat's media check
 * passed or an admin released them), from moderation's per-instance picture.
 */
@Component
class Clearance implements PhotoThumbnails {

	private final PhotoModeration moderation;

	Clearance(PhotoModeration moderation) {
		this.moderation = moderation;
	}

	/** Whether the photo is cleared for showing in feeds and thumbnails. */
	boolean cleared(long photoId) {
		return this.moderation.clearedNow(photoId);
	}

	@Override
	public List<String> clearedThumbnailUrls(List<Long> photoIds) {
		return photoIds.stream().filter(this::cleared).map(Clearance::thumbnailUrl).toList();
	}

	static String thumbnailUrl(long photoId) {
		return "/api/v1/media/" + photoId + "/thumbnail";
	}

}
