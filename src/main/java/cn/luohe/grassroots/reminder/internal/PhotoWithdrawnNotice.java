package cn.luohe.grassroots.reminder.internal;

import cn.luohe.grassroots.moderation.api.ModerationListener;
import cn.luohe.grassroots.moderation.api.PhotoWithdrawn;
import cn.luohe.grassroots.reminder.api.Inbox;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Tells a photo's owner in their inbox that it was withdrawn (issue 22: "the owner is
 * told in the inbox"). Called inside moderation's deciding transaction, so the notice and
 * the withdrawal commit together; once per photo.
 */
@Component
class PhotoWithdrawnNotice implements ModerationListener {

	static final String RULE = "PHOTO_WITHDRAWN";

	private final Inbox inbox;

	PhotoWithdrawnNotice(Inbox inbox) {
		this.inbox = inbox;
	}

	@Override
	public Mono<Void> photoWithdrawn(PhotoWithdrawn event) {
		String why = (event.reason() != null) ? "管理员说明：" + event.reason()
				: "未通过微信内容安全检测" + ((event.label() != null) ? "（" + event.label() + "）" : "");
		String body = "您上传的照片（编号 " + event.photoId() + "）已被撤下，不再在记录和动态中显示。" + why;
		return this.inbox.put(event.ownerId(), RULE, "photo-" + event.photoId(), "照片已撤下", body, null).then();
	}

}
