package cn.luohe.grassroots.config;

import java.nio.file.Path;

/**
 * Run by {@link EmbeddedShutdownTests} in a JVM of its own: starts the embedded servers,
 * supervised as in the default run, and on SIGTERM, from a shutdown hook standing in for
 * the application's (which stops the supervisor, then drains), reports whether the
 * processes it started still run three seconds in, then closes them as the application
 * context does last.
 */
public final class EmbeddedShutdownProbe {

	private EmbeddedShutdownProbe() {
	}

	public static void main(String[] args) throws InterruptedException {
		EmbeddedServers servers = EmbeddedServers.start(Path.of(args[0]), true, true, false)
			.supervise(java.time.Duration.ofMillis(200));
		long postgres = servers.postgresPid().orElseThrow();
		long redis = servers.redisPid().orElseThrow();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			servers.stopSupervising();
			try {
				Thread.sleep(3_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			// the very processes started above (a supervisor would start others)
			System.out.println("draining postgres=" + alive(postgres) + " redis=" + alive(redis));
			servers.close();
			System.out.println("closed");
			System.out.flush();
		}, "probe-drain"));
		System.out.println("ready " + postgres + " " + redis);
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

}
