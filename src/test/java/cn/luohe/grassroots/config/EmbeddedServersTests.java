package cn.luohe.grassroots.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The embedded servers of the default run: durable, exclusive, restartable. */
class EmbeddedServersTests {

	@TempDir
	Path dataDir;

	@Test
	void shouldKeepDataDurablyAcrossRestartsAndRefuseASecondInstance() throws Exception {
		try (EmbeddedServers first = EmbeddedServers.start(this.dataDir, true, true, true)) {
			try (Connection c = connect(first); Statement s = c.createStatement()) {
				assertThat(setting(s, "fsync")).isEqualTo("on");
				assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
				s.execute("CREATE TABLE kept (v text)");
				s.execute("INSERT INTO kept VALUES ('acknowledged')");
			}
			assertThatIllegalStateException().isThrownBy(() -> EmbeddedServers.start(this.dataDir, true, true, true))
				.withMessageContaining("in use by another running instance");
			// the refused start must not have harmed the running database
			try (Connection c = connect(first); Statement s = c.createStatement()) {
				assertThat(count(s)).isEqualTo(1);
			}
		}
		try (EmbeddedServers again = EmbeddedServers.start(this.dataDir, true, false, true);
				Connection c = connect(again);
				Statement s = c.createStatement()) {
			assertThat(count(s)).isEqualTo(1);
		}
	}

	@Test
	void shouldEndAServerProcessLeftBehindByAKilledRun() throws Exception {
		// a process whose command line names "postgres", as a stale postmaster's does
		Path fake = Files.copy(Path.of("/bin/sleep"), this.dataDir.resolve("postgres"));
		fake.toFile().setExecutable(true);
		Process stale = new ProcessBuilder(fake.toString(), "300").start();
		Path pidFile = this.dataDir.resolve("postmaster.pid");
		Files.writeString(pidFile, stale.pid() + "\n" + this.dataDir + "\n");

		EmbeddedServers.endStaleProcess(pidFile, "postgres");

		assertThat(stale.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(pidFile).doesNotExist();
	}

	@Test
	void shouldLeaveUnrelatedProcessesAlone() throws Exception {
		Process unrelated = new ProcessBuilder("/bin/sleep", "300").start();
		try {
			Path pidFile = this.dataDir.resolve("redis.pid");
			Files.writeString(pidFile, Long.toString(unrelated.pid()));
			EmbeddedServers.endStaleProcess(pidFile, "redis");
			assertThat(unrelated.isAlive()).isTrue();
		}
		finally {
			unrelated.destroyForcibly();
		}
	}

	private static Connection connect(EmbeddedServers servers) throws SQLException {
		return DriverManager.getConnection(servers.jdbcUrl(), servers.username(), "");
	}

	private static String setting(Statement s, String name) throws SQLException {
		try (ResultSet rs = s.executeQuery("SHOW " + name)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static int count(Statement s) throws SQLException {
		try (ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
			rs.next();
			return rs.getInt(1);
		}
	}

}
