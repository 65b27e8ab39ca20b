package cn.luohe.grassroots.config;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded servers of the default run outlive the JVM's shutdown hooks until the
 * application closes them: a SIGTERM starts Spring's graceful drain in one hook, and
 * zonky's and embedded-redis's own hooks used to stop both servers at once beside it, so
 * requests still draining lost their database. Run in a JVM of its own
 * ({@link EmbeddedShutdownProbe}), since the signal ends it.
 */
class EmbeddedShutdownTests {

	@Test
	void shouldKeepTheServersRunningThroughTheDrainAndStopThemWhenClosed() throws Exception {
		// under target/, kept between runs: the binaries are unpacked and the cluster
		// initialised once
		Path dir = Files.createDirectories(Path.of("target", "test-data", "shutdown-probe"));
		String java = ProcessHandle.current().info().command().orElse("java");
		Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				EmbeddedShutdownProbe.class.getName(), dir.toString())
			.redirectErrorStream(true)
			.start();
		List<String> lines = new ArrayList<>();
		List<ProcessHandle> servers = new ArrayList<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
			String ready = readUntil(out, "ready ", lines);
			assertThat(ready).as("the probe's output: %s", lines).isNotNull();
			String[] pids = ready.split(" ");
			ProcessHandle postgres = ProcessHandle.of(Long.parseLong(pids[1])).orElseThrow();
			ProcessHandle redis = ProcessHandle.of(Long.parseLong(pids[2])).orElseThrow();
			servers.add(postgres);
			servers.add(redis);

			// SIGTERM through the handle: Process.destroy() would also close the output
			probe.toHandle().destroy();

			assertThat(readUntil(out, "draining ", lines)).as("the probe's output: %s", lines)
				.isEqualTo("draining postgres=true redis=true");
			assertThat(readUntil(out, "closed", lines)).as("the probe's output: %s", lines).isEqualTo("closed");
			assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
			// and then gone: nothing left running after the JVM
			assertThat(postgres.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
			assertThat(redis.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
		}
		finally {
			probe.destroyForcibly();
			// a failed run leaves nothing behind either
			servers.forEach(ProcessHandle::destroyForcibly);
		}
	}

	private static String readUntil(BufferedReader out, String prefix, List<String> lines) throws Exception {
		String line;
		while ((line = out.readLine()) != null) {
			lines.add(line);
			if (line.startsWith(prefix)) {
				return line;
			}
		}
		return null;
	}

}
