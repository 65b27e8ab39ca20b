package cn.luohe.grassroots.wechat.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatSessionTests {

	@Test
	void shouldNotPrintTheSessionKeyNorTheUsersIds() {
		WeChatSession session = new WeChatSession("openid-1", "unionid-1", "secret-session-key");

		assertThat(session.toString()).doesNotContain("secret-session-key", "openid-1", "unionid-1");
	}

}
