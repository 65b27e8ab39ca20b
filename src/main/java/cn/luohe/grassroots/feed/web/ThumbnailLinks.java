package cn.luohe.grassroots.feed.web;

import java.util.List;

import cn.luohe.grassroots.feed.api.PhotoThumbnails;
import org.mapstruct.Named;

import org.springframework.stereotype.Component;

/** The thumbnails an event shows: its cleared photos only (media decides which). */
@Component
class ThumbnailLinks {

	private final PhotoThumbnails thumbnails;

	ThumbnailLinks(PhotoThumbnails thumbnails) {
		this.thumbnails = thumbnails;
	}

	@Named("thumbnails")
	List<String> thumbnails(List<Long> photoIds) {
		return photoIds.isEmpty() ? List.of() : this.thumbnails.clearedThumbnailUrls(photoIds);
	}

}
