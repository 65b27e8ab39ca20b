package cn.luohe.grassroots.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Real PostgreSQL and Redis processes owned by this JVM, kept under one data directory.
 *
 * <p>
 * The directory is locked for the lifetime of the JVM: a second instance on the same
 * directory refuses to start instead of killing the first one's database. When the lock
 * is free but server processes from a killed earlier run are still alive (pg_ctl
 * daemonises postgres), they are ended before anything is started.
 */
public final class EmbeddedServers implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

	private static final String USER = "postgres";

	private static final String DATABASE = "postgres";

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final @Nullable EmbeddedPostgres postgres;

	private final @Nullable RedisServer redis;

	private final int redisPort;

	private EmbeddedServers(FileChannel lockChannel, FileLock lock, @Nullable EmbeddedPostgres postgres,
			@Nullable RedisServer redis, int redisPort) {
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.postgres = postgres;
		this.redis = redis;
		this.redisPort = redisPort;
	}

	/**
	 * Starts the servers that are asked for.
	 * @param dataDir where data, pid files and unpacked binaries live
	 * @param durable {@code true} keeps fsync and synchronous commit on (every
	 * acknowledged write survives a crash); tests on throwaway directories may turn it
	 * off
	 */
	public static EmbeddedServers start(Path dataDir, boolean startPostgres, boolean startRedis, boolean durable) {
		return start(dataDir, startPostgres, startRedis, durable, 0);
	}

	/**
	 * As above, with Redis on {@code redisPort} (0: a free one), so that a test can bring
	 * a stopped Redis back where its clients expect it.
	 */
	public static EmbeddedServers start(Path dataDir, boolean startPostgres, boolean startRedis, boolean durable,
			int redisPort) {
		try {
			Files.createDirectories(dataDir);
			FileChannel channel = FileChannel.open(dataDir.resolve("instance.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = tryLock(channel);
			if (lock == null) {
				channel.close();
				throw new IllegalStateException("Data directory " + dataDir.toAbsolutePath()
						+ " is in use by another running instance; set APP_DATA_DIR to a different directory");
			}
			EmbeddedPostgres postgres = null;
			RedisServer redis = null;
			int port = -1;
			try {
				if (startPostgres) {
					Path pgData = dataDir.resolve("postgres");
					endStaleProcess(pgData.resolve("postmaster.pid"), "postgres");
					postgres = startPostgres(dataDir, pgData, durable);
				}
				if (startRedis) {
					endStaleProcess(dataDir.resolve("redis.pid"), "redis");
					port = (redisPort > 0) ? redisPort : freePort();
					redis = startRedis(dataDir, port);
				}
			}
			catch (RuntimeException | IOException ex) {
				if (postgres != null) {
					postgres.close();
				}
				lock.release();
				channel.close();
				throw ex;
			}
			return new EmbeddedServers(channel, lock, postgres, redis, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start embedded servers in " + dataDir.toAbsolutePath(), ex);
		}
	}

	private static @Nullable FileLock tryLock(FileChannel channel) throws IOException {
		try {
			return channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// held by this very JVM
			return null;
		}
	}

	private static EmbeddedPostgres startPostgres(Path dataDir, Path pgData, boolean durable) throws IOException {
		String onOff = durable ? "on" : "off";
		return EmbeddedPostgres.builder()
			.setDataDirectory(pgData)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(dataDir.resolve(".binaries/postgres").toFile())
			.setPort(freePort())
			.setPGStartupWait(Duration.ofSeconds(60))
			// zonky turns durability off by default; an
			// acknowledged write must survive a crash
			.setServerConfig("fsync", onOff)
			.setServerConfig("synchronous_commit", onOff)
			.setServerConfig("full_page_writes", onOff)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "100")
			.setServerConfig("timezone", "UTC")
			.start();
	}

	private static RedisServer startRedis(Path dataDir, int port) throws IOException {
		Path redisDir = Files.createDirectories(dataDir.resolve("redis"));
		Path binaries = Files.createDirectories(dataDir.resolve(".binaries/redis"));
		RedisServer server = RedisServer.newRedisServer()
			.executableProvider(ExecutableProvider.newJarResourceProvider(binaries.toFile()))
			.bind("127.0.0.1")
			.port(port)
			// Redis holds only what may be lost (tokens,
			// streams, rate limits): no persistence
			.setting("save \"\"")
			.setting("appendonly no")
			.setting("dir " + redisDir.toAbsolutePath())
			.setting("pidfile " + dataDir.resolve("redis.pid").toAbsolutePath())
			.onShutdownForceStop(true)
			.build();
		server.start();
		return server;
	}

	/** Ends a server process left behind by a killed JVM that used this directory. */
	static void endStaleProcess(Path pidFile, String commandFragment) throws IOException {
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
		long pid;
		try {
			pid = Long.parseLong(firstLine);
		}
		catch (NumberFormatException ex) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter(p -> p.info().command().map(c -> c.contains(commandFragment)).orElse(false));
		if (process.isEmpty()) {
			return;
		}
		log.warn("Ending {} (pid {}) left running by an earlier, killed run", commandFragment, pid);
		ProcessHandle handle = process.get();
		handle.destroy();
		try {
			handle.onExit().get(20, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			handle.destroyForcibly();
		}
		Files.deleteIfExists(pidFile);
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public boolean hasPostgres() {
		return this.postgres != null;
	}

	public boolean hasRedis() {
		return this.redis != null;
	}

	public String r2dbcUrl() {
		return "r2dbc:postgresql://127.0.0.1:" + requirePostgres().getPort() + "/" + DATABASE;
	}

	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + requirePostgres().getPort() + "/" + DATABASE;
	}

	public String username() {
		return USER;
	}

	public int redisPort() {
		if (this.redis == null) {
			throw new IllegalStateException("embedded Redis not started");
		}
		return this.redisPort;
	}

	public String redisUrl() {
		if (this.redis == null) {
			throw new IllegalStateException("embedded Redis not started");
		}
		return "redis://127.0.0.1:" + this.redisPort;
	}

	private EmbeddedPostgres requirePostgres() {
		if (this.postgres == null) {
			throw new IllegalStateException("embedded PostgreSQL not started");
		}
		return this.postgres;
	}

	@Override
	public void close() {
		try {
			if (this.redis != null) {
				this.redis.stop();
			}
		}
		catch (IOException ex) {
			log.warn("Could not stop embedded Redis", ex);
		}
		try {
			if (this.postgres != null) {
				this.postgres.close();
			}
		}
		catch (IOException ex) {
			log.warn("Could not stop embedded PostgreSQL", ex);
		}
		try {
			this.lock.release();
			this.lockChannel.close();
		}
		catch (IOException ex) {
			log.warn("Could not release the data directory lock", ex);
		}
	}

}
