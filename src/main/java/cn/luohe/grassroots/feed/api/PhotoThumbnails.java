package cn.luohe.grassroots.feed.api;

import java.util.List;

/**
 * Where the feed's items point at a photo's thumbnail, answered by the media feature
 * (owned here so that the feed, which the corrections write to, does not depend on
 * media). Only photos that are cleared are listed: the one place a moderation status
 * plugs in.
 */
public interface PhotoThumbnails {

	/**
	 * The service-relative thumbnail URLs of the cleared photos among {@code photoIds},
	 * in order.
	 */
	List<String> clearedThumbnailUrls(List<Long> photoIds);

}
