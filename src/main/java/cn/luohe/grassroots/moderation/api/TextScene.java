package cn.luohe.grassroots.moderation.api;

/**
 * msgSecCheck's scenes (WeChat's numbering): names are checked as profiles, records
 * others read in the feed as social logs, ledger texts as forum posts.
 */
public enum TextScene {

	PROFILE(1), COMMENT(2), FORUM(3), SOCIAL_LOG(4);

	private final int wechatScene;

	TextScene(int wechatScene) {
		this.wechatScene = wechatScene;
	}

	public int wechatScene() {
		return this.wechatScene;
	}

}
