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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.Redis;
import redis.embedded.RedisInstance;
import redis.embedded.core.RedisServerBuilder;
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

	private final Path dataDir;

	private final boolean durable;

	// replaced by the supervisor when a server died; guarded by this

	private volatile @Nullable EmbeddedPostgres postgres;

	private volatile @Nullable ClosedLastRedis redis;

	private final int postgresPort;

	private final int redisPort;

	private @Nullable ScheduledExecutorService supervisor;

	private volatile boolean closed;

	private EmbeddedServers(FileChannel lockChannel, FileLock lock, Path dataDir, boolean durable,
			@Nullable EmbeddedPostgres postgres, @Nullable ClosedLastRedis redis, int redisPort) {
		this.lockChannel = lockChannel;
		this.lock = lock;
		this.dataDir = dataDir;
		this.durable = durable;
		this.postgres = postgres;
		this.postgresPort = (postgres != null) ? postgres.getPort() : -1;
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
			ClosedLastRedis redis = null;
			int port = -1;
			try {
				if (startPostgres) {
					Path pgData = dataDir.resolve("postgres");
					endStaleProcess(pgData.resolve("postmaster.pid"), "postgres");
					postgres = startPostgres(dataDir, pgData, durable, freePort());
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
			return new EmbeddedServers(channel, lock, dataDir, durable, postgres, redis, port);
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

	private static EmbeddedPostgres startPostgres(Path dataDir, Path pgData, boolean durable, int port)
			throws IOException {
		String onOff = durable ? "on" : "off";
		return EmbeddedPostgres.builder()
			.setDataDirectory(pgData)
			.setCleanDataDirectory(false)
			.setOverrideWorkingDirectory(dataDir.resolve(".binaries/postgres").toFile())
			.setPort(port)
			.setPGStartupWait(Duration.ofSeconds(60))
			// stopped by close(), last, after the connection pools: zonky's own JVM
			// shutdown hook ran beside Spring's graceful shutdown and stopped the server
			// at the signal, under the requests still draining
			.setRegisterShutdownHook(false)
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

	private static ClosedLastRedis startRedis(Path dataDir, int port) throws IOException {
		Path redisDir = Files.createDirectories(dataDir.resolve("redis"));
		Path binaries = Files.createDirectories(dataDir.resolve(".binaries/redis"));
		RedisServerBuilder builder = new RedisServerBuilder()
			.executableProvider(ExecutableProvider.newJarResourceProvider(binaries.toFile()))
			.bind("127.0.0.1")
			.port(port)
			// Redis holds only what may be lost (tokens,
			// streams, rate limits): no persistence
			.setting("save \"\"")
			.setting("appendonly no")
			.setting("dir " + redisDir.toAbsolutePath())
			.setting("pidfile " + dataDir.resolve("redis.pid").toAbsolutePath());
		ClosedLastRedis server = new ClosedLastRedis(port, builder.buildCommandArgs());
		server.start();
		return server;
	}

	/**
	 * The embedded Redis server, stopped only by {@link #close()}: the library stops
	 * every instance from a JVM shutdown hook of its own (through {@link #stop()}, with
	 * no way to turn it off), which ran beside Spring's graceful shutdown and took Redis
	 * away at the signal, under the requests still draining.
	 */
	static final class ClosedLastRedis extends RedisInstance {

		private volatile boolean closing;

		ClosedLastRedis(int port, List<String> args) {
			// forced: nothing in it is kept (no persistence), so no reason to wait
			super(port, args, Redis.SERVER_READY_PATTERN, true, null, null);
		}

		/** Ignored until {@link #close()}: what the library's shutdown hook calls. */
		@Override
		public synchronized void stop() throws IOException {
			if (this.closing) {
				super.stop();
			}
		}

		void close() throws IOException {
			this.closing = true;
			stop();
		}

	}

	/**
	 * Watches the servers every {@code period} and starts again, on the same port and
	 * data, one whose process has died, so that the default run recovers from a crashed
	 * or killed PostgreSQL or Redis on its own (its pools reconnect). A frozen process is
	 * alive and left alone: timeouts deal with it.
	 */
	public synchronized EmbeddedServers supervise(Duration period) {
		if (this.supervisor == null) {
			ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
				Thread thread = new Thread(task, "embedded-servers-supervisor");
				thread.setDaemon(true);
				return thread;
			});
			executor.scheduleWithFixedDelay(this::restartDeadServers, period.toMillis(), period.toMillis(),
					TimeUnit.MILLISECONDS);
			this.supervisor = executor;
		}
		return this;
	}

	/**
	 * Stops watching (the servers keep running until {@link #close()}): called when the
	 * application starts to shut down, so that a server stopped from outside meanwhile is
	 * not started again under a JVM that is exiting.
	 */
	public void stopSupervising() {
		ScheduledExecutorService executor;
		synchronized (this) {
			executor = this.supervisor;
			this.supervisor = null;
		}
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * Starts again, at once, any server whose process has died (what the supervisor
	 * does).
	 */
	public synchronized void restartDeadServers() {
		if (this.closed) {
			return;
		}
		try {
			EmbeddedPostgres pg = this.postgres;
			if (pg != null && postgresPid().isEmpty()) {
				log.warn("Embedded PostgreSQL is not running; starting it again on port {}", this.postgresPort);
				closeQuietly(pg);
				this.postgres = null;
				this.postgres = startPostgres(this.dataDir, this.dataDir.resolve("postgres"), this.durable,
						this.postgresPort);
				log.warn("Embedded PostgreSQL is running again");
			}
			else if (pg == null && this.postgresPort > 0) {
				// an earlier attempt failed (e.g. the dead server's memory was still
				// held)
				this.postgres = startPostgres(this.dataDir, this.dataDir.resolve("postgres"), this.durable,
						this.postgresPort);
				log.warn("Embedded PostgreSQL is running again");
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Embedded PostgreSQL could not be started again yet ({}); retrying", ex.toString());
		}
		try {
			ClosedLastRedis current = this.redis;
			if (current != null && redisPid().isEmpty()) {
				log.warn("Embedded Redis is not running; starting it again on port {}", this.redisPort);
				try {
					current.close();
				}
				catch (IOException | RuntimeException ex) {
					// already gone
				}
				this.redis = startRedis(this.dataDir, this.redisPort);
				log.warn("Embedded Redis is running again");
			}
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Embedded Redis could not be started again yet ({}); retrying", ex.toString());
		}
	}

	private static void closeQuietly(EmbeddedPostgres pg) {
		try {
			pg.close();
		}
		catch (IOException | RuntimeException ex) {
			// the server is gone already
		}
	}

	/** The live postmaster's process id, if it runs. */
	public OptionalLong postgresPid() {
		return livePid(this.dataDir.resolve("postgres").resolve("postmaster.pid"));
	}

	/** The live Redis server's process id, if it runs. */
	public OptionalLong redisPid() {
		return livePid(this.dataDir.resolve("redis.pid"));
	}

	private static OptionalLong livePid(Path pidFile) {
		try {
			if (!Files.isRegularFile(pidFile)) {
				return OptionalLong.empty();
			}
			String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
			long pid = Long.parseLong(first);
			return ProcessHandle.of(pid)
				.filter(ProcessHandle::isAlive)
				.map(p -> OptionalLong.of(pid))
				.orElse(OptionalLong.empty());
		}
		catch (IOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
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
		return this.postgresPort > 0;
	}

	public boolean hasRedis() {
		return this.redisPort > 0;
	}

	public String r2dbcUrl() {
		requirePostgres();
		return "r2dbc:postgresql://127.0.0.1:" + this.postgresPort + "/" + DATABASE;
	}

	public String jdbcUrl() {
		requirePostgres();
		return "jdbc:postgresql://127.0.0.1:" + this.postgresPort + "/" + DATABASE;
	}

	public String username() {
		return USER;
	}

	public int redisPort() {
		if (this.redisPort <= 0) {
			throw new IllegalStateException("embedded Redis not started");
		}
		return this.redisPort;
	}

	public String redisUrl() {
		if (this.redisPort <= 0) {
			throw new IllegalStateException("embedded Redis not started");
		}
		return "redis://127.0.0.1:" + this.redisPort;
	}

	private void requirePostgres() {
		if (this.postgresPort < 0) {
			throw new IllegalStateException("embedded PostgreSQL not started");
		}
	}

	@Override
	public void close() {
		ScheduledExecutorService executor;
		synchronized (this) {
			this.closed = true;
			executor = this.supervisor;
		}
		if (executor != null) {
			executor.shutdownNow();
		}
		closeServers();
	}

	private synchronized void closeServers() {
		ClosedLastRedis redis = this.redis;
		EmbeddedPostgres postgres = this.postgres;
		try {
			if (redis != null) {
				redis.close();
			}
		}
		catch (IOException ex) {
			log.warn("Could not stop embedded Redis", ex);
		}
		try {
			if (postgres != null) {
				postgres.close();
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
