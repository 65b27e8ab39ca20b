package cn.luohe.grassroots;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cn.luohe.grassroots.support.TestS3;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built jar on Spring AOT's generated bean definitions
 * ({@code -Dspring.aot.enabled=true}, as infra/Dockerfile and the bench run it), started
 * as its users start it: no database or Redis configured (it starts its own embedded
 * servers), the clock fixed. Run by failsafe after {@code package}, since the generated
 * code exists only in the jar. Under AOT every condition was decided when the jar was
 * built, on the build's configuration; so this starts it with a setting the build did not
 * have (the S3 photo store) and checks that the deployment's choice is the one taken.
 */
class SpringAotJarIT {

	private static final Duration READY_WITHIN = Duration.ofSeconds(180);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theJarStartsOnItsGeneratedBeanDefinitionsAndTakesTheDeploymentsSettings(@TempDir Path dir) throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = dir.resolve("service.log");
		try (TestS3 s3 = TestS3.start()) {
			List<String> command = new ArrayList<>(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
							"-Dspring.aot.enabled=true", "-Xmx512m"));
			s3.properties().forEach((name, value) -> command.add("-D" + name + "=" + value));
			command.addAll(List.of("-jar", jar().toString()));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment()
				.putAll(java.util.Map.of("SERVER_PORT", String.valueOf(port), "APP_DATA_DIR",
						dir.resolve("data").toString(), "APP_DEV_LOGIN", "true", "APP_CLOCK",
						"2026-12-03T09:30:00+08:00", "APP_JWT_SECRET", "aot-test-secret-aot-test-secret-aot-test-1",
						"LOG_FORMAT", ""));
			builder.environment().remove("SPRING_R2DBC_URL");
			builder.environment().remove("SPRING_DATA_REDIS_URL");
			Process service = builder.start();
			try {
				String base = "http://127.0.0.1:" + port;
				awaitReady(service, base, log);
				String text = Files.readString(log);
				assertThat(text).as("started on the generated bean definitions").contains("Starting AOT-processed");
				assertThat(text).as("the S3 store chosen at run time")
					.contains("Media kept in the S3-compatible store");

				JsonNode health = this.json.readTree(get(base + "/actuator/health", null).body());
				assertThat(health.at("/components/media/status").asString()).isEqualTo("UP");
				assertThat(health.at("/components/r2dbc/status").asString()).isEqualTo("UP");
				assertThat(health.at("/components/redis/status").asString()).isEqualTo("UP");

				HttpResponse<String> login = this.http
					.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/dev-login"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"openid\":\"aot-1\"}"))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(login.statusCode()).isEqualTo(200);
				String token = this.json.readTree(login.body()).get("accessToken").asString();
				HttpResponse<String> me = get(base + "/api/v1/me", token);
				assertThat(me.statusCode()).isEqualTo(200);
				assertThat(this.json.readTree(me.body()).get("id").asLong()).isPositive();
				HttpResponse<String> refused = get(base + "/api/v1/me", null);
				assertThat(refused.statusCode()).isEqualTo(401);
				assertThat(refused.headers().firstValue("Content-Type"))
					.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
			}
			finally {
				stop(service);
			}
		}
	}

	private static Path jar() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			return files.filter(file -> file.getFileName().toString().matches("grassroots-.*\\.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no jar in target/: run by failsafe after package"));
		}
	}

	private void awaitReady(Process service, String base, Path log) throws Exception {
		long deadline = System.nanoTime() + READY_WITHIN.toNanos();
		while (System.nanoTime() < deadline) {
			if (!service.isAlive()) {
				throw new AssertionError("the jar exited with " + service.exitValue() + ":\n" + tail(log));
			}
			try {
				if (get(base + "/actuator/health/readiness", null).body().contains("\"UP\"")) {
					return;
				}
			}
			catch (IOException notYet) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new AssertionError("not ready within " + READY_WITHIN + ":\n" + tail(log));
	}

	private HttpResponse<String> get(String url, @Nullable String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * SIGTERM (graceful: the jar stops its embedded servers), then anything left is
	 * killed.
	 */
	private static void stop(Process service) throws InterruptedException {
		List<ProcessHandle> children = service.descendants().toList();
		service.destroy();
		if (!service.waitFor(60, TimeUnit.SECONDS)) {
			service.destroyForcibly();
		}
		children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

}
