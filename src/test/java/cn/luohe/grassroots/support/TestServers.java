package cn.luohe.grassroots.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import cn.luohe.grassroots.config.EmbeddedServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL and Redis every integration test runs against, started once per
 * test JVM: Testcontainers (pinned images) when a Docker engine is usable, otherwise the
 * same embedded binaries the default run uses. Tests isolate by data, not by servers.
 */
public final class TestServers {

	private static final TestServers INSTANCE = start();

	private final String r2dbcUrl;

	private final String jdbcUrl;

	private final String username;

	private final String password;

	private final String redisUrl;

	private final String kind;

	private TestServers(String kind, String r2dbcUrl, String jdbcUrl, String username, String password,
			String redisUrl) {
		this.kind = kind;
		this.r2dbcUrl = r2dbcUrl;
		this.jdbcUrl = jdbcUrl;
		this.username = username;
		this.password = password;
		this.redisUrl = redisUrl;
	}

	public static TestServers get() {
		return INSTANCE;
	}

	private static TestServers start() {
		if (!Boolean.getBoolean("tests.embedded") && DockerClientFactory.instance().isDockerAvailable()) {
			return startContainers();
		}
		return startEmbedded();
	}

	@SuppressWarnings("resource")
	private static TestServers startContainers() {
		PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17");
		GenericContainer<?> redis = new GenericContainer<>("redis:7").withExposedPorts(6379);
		postgres.start();
		redis.start();
		String hostPort = postgres.getHost() + ":" + postgres.getMappedPort(5432);
		return new TestServers("testcontainers", "r2dbc:postgresql://" + hostPort + "/" + postgres.getDatabaseName(),
				postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
				"redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
	}

	private static TestServers startEmbedded() {
		try {
			Path dir = Files.createTempDirectory("grassroots-test-");
			// throwaway data: durability off for speed; the default run keeps it on
			EmbeddedServers servers = EmbeddedServers.start(dir, true, true, false);
			Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "test-servers-stop"));
			return new TestServers("embedded", servers.r2dbcUrl(), servers.jdbcUrl(), servers.username(), "",
					servers.redisUrl());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String kind() {
		return this.kind;
	}

	public String r2dbcUrl() {
		return this.r2dbcUrl;
	}

	public String jdbcUrl() {
		return this.jdbcUrl;
	}

	public String username() {
		return this.username;
	}

	public String password() {
		return this.password;
	}

	public String redisUrl() {
		return this.redisUrl;
	}

	/**
	 * These servers with a PostgreSQL database of their own, created empty now, and a
	 * Redis database of their own (by index, emptied now): for an instance whose data no
	 * other test shares, e.g. a feed certain to hold no event.
	 */
	public TestServers ownDatabase(String name, int redisDatabase) {
		try (Connection connection = DriverManager.getConnection(this.jdbcUrl, this.username, this.password);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		String redis = this.redisUrl + "/" + redisDatabase;
		RedisClient client = RedisClient.create(redis);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushdb();
		}
		finally {
			client.shutdown();
		}
		return new TestServers(this.kind, inDatabase(this.r2dbcUrl, name), inDatabase(this.jdbcUrl, name),
				this.username, this.password, redis);
	}

	/** {@code url} with its path, the database's name, replaced by {@code name}. */
	static String inDatabase(String url, String name) {
		return url.replaceFirst("/[^/?]+(?=\\?|$)", "/" + name);
	}

}
