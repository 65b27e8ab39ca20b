package cn.luohe.grassroots.wechat.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.wechat.api.WeChatGateway;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class WeChatConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class, WeChatConfiguration.class)
		// never connected: nothing here reaches Redis
		.withBean(StringRedisTemplate.class, () -> new StringRedisTemplate(new LettuceConnectionFactory()));

	@Test
	void shouldBindEnvironmentVariables() {
		this.contextRunner
			.withInitializer(context -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
						Map.of("WECHAT_APPID", "wx1", "WECHAT_SECRET", "s3cret", "WECHAT_API_BASE_URL",
								"http://127.0.0.1:9/", "WECHAT_TIMEOUT", "2s", "WECHAT_MAX_CONCURRENCY", "3"))))
			.run(context -> {
				WeChatProperties properties = context.getBean(WeChatProperties.class);
				assertThat(properties)
					.isEqualTo(new WeChatProperties("wx1", "s3cret", "http://127.0.0.1:9", Duration.ofSeconds(2), 3));
				assertThat(properties.toString()).doesNotContain("s3cret");
				assertThat(context).getBean(WeChatGateway.class).isInstanceOf(WxMaWeChatGateway.class);
			});
	}

	@Test
	void shouldApplyDefaults() {
		this.contextRunner.run(context -> {
			WeChatProperties properties = context.getBean(WeChatProperties.class);
			assertThat(properties.apiBaseUrl()).isEqualTo("https://api.weixin.qq.com");
			assertThat(properties.timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.maxConcurrency()).isEqualTo(16);
			assertThat(context).getBean(WeChatGateway.class).isInstanceOf(UnconfiguredWeChatGateway.class);
			StepVerifier.create(context.getBean(WeChatGateway.class).miniProgramCode("scene", "p", "release"))
				.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ApiException.class,
						api -> assertThat(api.code()).isEqualTo("WECHAT_NOT_CONFIGURED")))
				.verify(Duration.ofSeconds(5));
		});
	}

	@Test
	void shouldStopCallingWeChatOnceTheContextIsClosed() {
		WeChatGateway[] gateway = new WeChatGateway[1];
		this.contextRunner.withPropertyValues("wechat.appid=wx1", "wechat.secret=s3cret")
			.run(context -> gateway[0] = context.getBean(WeChatGateway.class));

		// the scheduler is disposed: the call is refused before any WxJava code runs
		StepVerifier.create(gateway[0].exchangeCode("c"))
			.expectErrorSatisfies(ex -> assertThat(ex).isInstanceOfSatisfying(ApiException.class,
					api -> assertThat(api.code()).isEqualTo("WECHAT_UNAVAILABLE")))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void shouldKeepWxJavaQuietInTheApplication() throws IOException {
		// WxJava logs the login code and the access token at WARN, session keys at DEBUG
		List<PropertySource<?>> yaml = new YamlPropertySourceLoader().load("application",
				new ClassPathResource("application.yml"));

		assertThat(yaml).singleElement().satisfies(source -> {
			assertThat(source.getProperty("logging.level.cn.binarywang.wx.miniapp")).hasToString("ERROR");
			assertThat(source.getProperty("logging.level.me.chanjar.weixin")).hasToString("ERROR");
		});
	}

	@EnableConfigurationProperties({ WeChatProperties.class, WeChatBreakerProperties.class })
	static class PropertiesConfiguration {

	}

}
