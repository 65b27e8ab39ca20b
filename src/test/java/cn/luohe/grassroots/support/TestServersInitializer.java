package cn.luohe.grassroots.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points the application context at {@link TestServers} and {@link FakeWeChat}. */
public class TestServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		TestServers servers = TestServers.get();
		Map<String, Object> properties = new HashMap<>(Map.of("spring.r2dbc.url", servers.r2dbcUrl(),
				"spring.r2dbc.username", servers.username(), "spring.r2dbc.password", servers.password(),
				"spring.flyway.url", servers.jdbcUrl(), "spring.flyway.user", servers.username(),
				"spring.flyway.password", servers.password(), "spring.data.redis.url", servers.redisUrl()));
		properties.putAll(FakeWeChat.get().properties());
		context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testServers", properties));
	}

}
