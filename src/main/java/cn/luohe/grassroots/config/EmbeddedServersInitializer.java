package cn.luohe.grassroots.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Makes the service runnable with no configuration: when {@code SPRING_R2DBC_URL} (or
 * {@code SPRING_DATA_REDIS_URL}) is not set, a real embedded server is started under
 * {@code APP_DATA_DIR} and the application is pointed at it. With external URLs nothing
 * embedded starts; a missing {@code SPRING_FLYWAY_URL} is then derived from the R2DBC
 * URL.
 */
public class EmbeddedServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * What the build's Spring AOT step (process-aot, which runs main() to record the bean
	 * definitions and creates no bean) sees instead of servers: none is started, nor left
	 * running. Boot decides there, once for good, on whether these are set (R2DBC's
	 * connection details, Flyway without a DataSource); every run sets them, with an
	 * embedded server or an external one, and the values are read again when it starts.
	 */
	static final Map<String, Object> AOT_BUILD_URLS = Map.of("spring.r2dbc.url",
			"r2dbc:postgresql://aot-build.invalid/grassroots", "spring.flyway.url",
			"jdbc:postgresql://aot-build.invalid/grassroots", "spring.data.redis.url", "redis://aot-build.invalid");

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment env = context.getEnvironment();
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			env.getPropertySources().addFirst(new MapPropertySource("embeddedServers", AOT_BUILD_URLS));
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		boolean needPostgres = !StringUtils.hasText(env.getProperty("spring.r2dbc.url"));
		boolean needRedis = !StringUtils.hasText(env.getProperty("spring.data.redis.url"))
				&& !StringUtils.hasText(env.getProperty("spring.data.redis.host"));
		if (!needPostgres) {
			deriveFlywayUrl(env, properties);
		}
		if (needPostgres || needRedis) {
			Path dataDir = Path.of(env.getProperty("app.data-dir", "./data"));
			// supervised: a server that dies is started again (its clients reconnect)
			EmbeddedServers servers = EmbeddedServers.start(dataDir, needPostgres, needRedis, true)
				.supervise(Duration.ofSeconds(2));
			if (servers.hasPostgres()) {
				properties.put("spring.r2dbc.url", servers.r2dbcUrl());
				properties.put("spring.r2dbc.username", servers.username());
				properties.put("spring.flyway.url", servers.jdbcUrl());
				properties.put("spring.flyway.user", servers.username());
			}
			if (servers.hasRedis()) {
				properties.put("spring.data.redis.url", servers.redisUrl());
			}
			// the supervisor stops as shutdown begins (before the graceful drain); the
			// servers are destroyed last, after the connection pools that use them
			context.addApplicationListener((ApplicationEvent event) -> {
				if (event instanceof ContextClosedEvent) {
					servers.stopSupervising();
				}
			});
			((DefaultListableBeanFactory) context.getBeanFactory()).registerDisposableBean("embeddedServers",
					servers::close);
		}
		env.getPropertySources().addFirst(new MapPropertySource("embeddedServers", properties));
	}

	private static void deriveFlywayUrl(ConfigurableEnvironment env, Map<String, Object> properties) {
		if (StringUtils.hasText(env.getProperty("spring.flyway.url"))) {
			return;
		}
		String r2dbc = env.getRequiredProperty("spring.r2dbc.url");
		String jdbc = r2dbc.replaceFirst("^r2dbc:(pool:)?", "jdbc:");
		properties.put("spring.flyway.url", jdbc);
		String user = env.getProperty("spring.r2dbc.username");
		if (user != null && env.getProperty("spring.flyway.user") == null) {
			properties.put("spring.flyway.user", user);
			properties.put("spring.flyway.password", env.getProperty("spring.r2dbc.password", ""));
		}
	}

}
