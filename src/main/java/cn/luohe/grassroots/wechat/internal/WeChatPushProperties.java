package cn.luohe.grassroots.wechat.internal;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The mini-program's message push settings ({@code WECHAT_PUSH_TOKEN},
 * {@code WECHAT_PUSH_AES_KEY}): the token of the push signature and, in the encrypted
 * (safe) mode, the 43-character EncodingAESKey. Public only because Boot binds it.
 *
 * @param token without it every push is refused
 * @param aesKey set for the encrypted mode; plain pushes are refused then
 */
@ConfigurationProperties("wechat.push")
public record WeChatPushProperties(@Nullable String token, @Nullable String aesKey) {

	public WeChatPushProperties {
		if (StringUtils.hasText(aesKey) && aesKey.trim().length() != 43) {
			throw new IllegalArgumentException("wechat.push.aes-key must be 43 characters");
		}
	}

	boolean encrypted() {
		return StringUtils.hasText(this.aesKey);
	}

	@Override
	public String toString() {
		return "WeChatPushProperties[token=" + ((this.token != null) ? "******" : null) + ", aesKey="
				+ ((this.aesKey != null) ? "******" : null) + "]";
	}

}
