package cn.luohe.grassroots.wechat.api;

import org.jspecify.annotations.Nullable;

/**
 * The identity WeChat vouches for after a login. {@code sessionKey} decrypts the user's
 * data: it stays on the server and never reaches a client or a log line.
 */
public record WeChatSession(String openid, @Nullable String unionid, String sessionKey) {

	@Override
	public String toString() {
		return "WeChatSession[openid=" + this.openid + ", unionid=" + this.unionid + ", sessionKey=******]";
	}

}
