package cn.luohe.grassroots.wechat.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import cn.luohe.grassroots.common.error.ApiException;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.apache.http.client.HttpResponseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatErrorsTests {

	@ParameterizedTest
	@CsvSource({ "40029, 401, WECHAT_CODE_INVALID", "40163, 401, WECHAT_CODE_INVALID",
			"45011, 429, WECHAT_RATE_LIMITED", "40226, 403, WECHAT_USER_BLOCKED", "40001, 503, WECHAT_UNAVAILABLE",
			"40013, 503, WECHAT_UNAVAILABLE", "40014, 503, WECHAT_UNAVAILABLE", "40125, 503, WECHAT_UNAVAILABLE",
			"40164, 503, WECHAT_UNAVAILABLE", "41002, 503, WECHAT_UNAVAILABLE", "41004, 503, WECHAT_UNAVAILABLE",
			"42001, 503, WECHAT_UNAVAILABLE", "45009, 503, WECHAT_UNAVAILABLE", "40243, 503, WECHAT_UNAVAILABLE",
			"-1, 503, WECHAT_UNAVAILABLE", "-99, 502, WECHAT_UPSTREAM_ERROR", "47001, 502, WECHAT_UPSTREAM_ERROR" })
	void shouldMapErrcodes(int errcode, int status, String code) {
		// errmsg as WxJava leaves it after its retries: the mapping must not depend on it
		WxErrorException failure = new WxErrorException(
				WxError.builder().errorCode(errcode).errorMsg("微信服务端异常，超出重试次数！").build());

		ApiException problem = WeChatErrors.translate("test", failure);

		assertThat(problem.status().value()).isEqualTo(status);
		assertThat(problem.code()).isEqualTo(code);
		// a rate limit or an outage tells the client when to retry; a refusal does not
		assertThat(problem.retryAfter()).isEqualTo(switch (status) {
			case 429 -> Duration.ofMinutes(1);
			case 503 -> Duration.ofSeconds(30);
			default -> null;
		});
	}

	@Test
	void shouldMapTransportFailures() {
		assertThat(WeChatErrors.translate("test", new WxRuntimeException(new HttpResponseException(500, "x"))).code())
			.isEqualTo("WECHAT_UPSTREAM_ERROR");
		assertThat(WeChatErrors.translate("test", new WxRuntimeException(new IOException("reset"))).code())
			.isEqualTo("WECHAT_UPSTREAM_ERROR");
		assertThat(WeChatErrors.translate("test", new WxRuntimeException(new SocketTimeoutException())).status())
			.isEqualTo(HttpStatus.GATEWAY_TIMEOUT);
		assertThat(WeChatErrors.translate("test", new TimeoutException()).code()).isEqualTo("WECHAT_TIMEOUT");
		assertThat(WeChatErrors.translate("test", new RejectedExecutionException()).code())
			.isEqualTo("WECHAT_UNAVAILABLE");
	}

	@Test
	void shouldKeepApiExceptions() {
		ApiException problem = WeChatErrors.notConfigured();

		assertThat(WeChatErrors.translate("test", problem)).isSameAs(problem);
	}

}
