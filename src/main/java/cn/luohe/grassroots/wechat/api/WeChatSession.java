package cn.luohe.grassroots.wechat.api;

import org.jspecify.annotations.Nullable;

/**
 * The identity WeChat vouches for after a login. {@code sessionKey} decrypts the user's
 * data: it stays on the server and never reaches a client or a log line.
 */
public record WeChatSession(String openid, @Nullable String unionid, String sessionKey) {

	@Override
	public String toString() {
		// openids identify a person across logins: as secret in logs as the session key
		return "WeChatSession[openid=******, unionid=" + ((this.unionid != null) ? "******" : null)
				+ ", sessionKey=******]";
	}

}
