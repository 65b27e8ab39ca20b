package cn.luohe.grassroots.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.GrassrootsApplication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A further instance of the service in the test JVM, on the same PostgreSQL and (unless
 * overridden) the same Redis as the shared test context: for tests about several
 * replicas. Start it once per test class; it costs a context start.
 */
public final class ServiceInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServiceInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/** Starts an instance; {@code overrides} win over the shared servers' settings. */
	public static ServiceInstance start(Map<String, String> overrides) {
		return start(overrides, (java.time.Clock) null);
	}

	/**
	 * Starts an instance whose every business time rule reads {@code clock} (the primary
	 * Clock bean), so a test can move it.
	 */
	public static ServiceInstance start(Map<String, String> overrides, java.time.@Nullable Clock clock) {
		return start(overrides, clock, null);
	}

	/**
	 * Starts an instance on {@code servers} (e.g. {@link TestServers#ownDatabase})
	 * instead of the shared test servers.
	 */
	public static ServiceInstance start(TestServers servers, Map<String, String> overrides) {
		return start(servers, overrides, null, null);
	}

	private static ServiceInstance start(Map<String, String> overrides, java.time.@Nullable Clock clock,
			org.springframework.context.@Nullable ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		return start(TestServers.get(), overrides, clock, initializer);
	}

	private static ServiceInstance start(TestServers servers, Map<String, String> overrides,
			java.time.@Nullable Clock clock,
			org.springframework.context.@Nullable ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.profiles.active", "test");
		properties.put("server.port", "0");
		properties.put("spring.r2dbc.url", servers.r2dbcUrl());
		properties.put("spring.r2dbc.username", servers.username());
		properties.put("spring.r2dbc.password", servers.password());
		properties.put("spring.flyway.url", servers.jdbcUrl());
		properties.put("spring.flyway.user", servers.username());
		properties.put("spring.flyway.password", servers.password());
		properties.put("spring.data.redis.url", servers.redisUrl());
		properties.putAll(overrides);
		// command-line arguments: above application.yml,
		// whose server.port would win over default properties
		List<String> args = new ArrayList<>();
		properties.forEach((key, value) -> args.add("--" + key + "=" + value));
		SpringApplicationBuilder builder = new SpringApplicationBuilder(GrassrootsApplication.class);
		if (clock != null) {
			builder.initializers(context -> ((org.springframework.context.support.GenericApplicationContext) context)
				.registerBean("movableClock", java.time.Clock.class, () -> clock, bean -> bean.setPrimary(true)));
		}
		if (initializer != null) {
			builder.initializers(initializer);
		}
		return new ServiceInstance(builder.run(args.toArray(String[]::new)));
	}

	/** Starts an instance with a further initializer (e.g. a {@link StatementLog}). */
	public static ServiceInstance start(Map<String, String> overrides,
			org.springframework.context.ApplicationContextInitializer<ConfigurableApplicationContext> initializer) {
		return start(overrides, null, initializer);
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
