package cn.luohe.grassroots.media.api;

import java.util.List;

/**
 * Where other features point at a photo's thumbnail (the live feed's items). Only photos
 * that are cleared are listed: the one place a moderation status plugs in.
 */
public interface PhotoThumbnails {

	/**
	 * The service-relative thumbnail URLs of the cleared photos among {@code photoIds},
	 * in order.
	 */
	List<String> clearedThumbnailUrls(List<Long> photoIds);

}
