package cn.luohe.grassroots.wechat.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatSessionTests {

	@Test
	void shouldNotPrintTheSessionKey() {
		WeChatSession session = new WeChatSession("o1", "u1", "secret-session-key");

		assertThat(session.toString()).contains("o1", "u1").doesNotContain("secret-session-key");
	}

}
