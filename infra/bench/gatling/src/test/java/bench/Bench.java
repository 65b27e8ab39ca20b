package bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Settings passed by run.sh as system properties, the results file, and endpoint probes. Plain JDK (no Gatling)
 * so that {@link FeedProbe} runs from the compiled classes alone.
 */
final class Bench {

	static final String BASE = System.getProperty("bench.base", "http://127.0.0.1:18931");

	static final Path DATA = Path.of(System.getProperty("bench.data", "target/bench-data"));

	static final Path RESULTS = Path.of(System.getProperty("bench.results", "target/bench-results.tsv"));

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private Bench() {
	}

	static String prop(String name, String fallback) {
		return System.getProperty("bench." + name, fallback);
	}

	static int intProp(String name, int fallback) {
		return Integer.parseInt(prop(name, Integer.toString(fallback)));
	}

	static double doubleProp(String name, double fallback) {
		return Double.parseDouble(prop(name, Double.toString(fallback)));
	}

	static List<Integer> intsProp(String name, String fallback) {
		return Arrays.stream(prop(name, fallback).split(",")).map(String::strip).map(Integer::valueOf).toList();
	}

	static String feeder(String file) {
		return DATA.resolve(file).toString();
	}

	/** The first data row's first column of a feeder file (a token for the probes), or null. */
	static String firstValue(String file) {
		try {
			List<String> lines = Files.readAllLines(DATA.resolve(file));
			return (lines.size() > 1) ? lines.get(1).split(",")[0] : null;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Status of one request, to tell a missing endpoint (404 from the router) from one that exists: a GET with
	 * valid parameters answers 200, a POST with an empty body 400.
	 */
	static int probe(String method, String path, String token, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(BASE + path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json");
		request = "GET".equals(method) ? request.GET()
				: request.method(method, HttpRequest.BodyPublishers.ofString(body));
		try {
			// the status line is enough (a stream endpoint never ends its body)
			HttpResponse<java.io.InputStream> response = CLIENT.send(request.build(),
					HttpResponse.BodyHandlers.ofInputStream());
			response.body().close();
			return response.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	static boolean available(String key, String method, String path, String token, String body) {
		int status = probe(method, path, token, body);
		if (status == 404) {
			result(key + ".skipped", "endpoint missing (" + method + " " + path.replaceAll("\\?.*", "") + " -> 404)");
			return false;
		}
		return true;
	}

	/** Whether POST /api/v1/visits exists (an empty body answers 400 when it does). */
	static boolean visitsAvailable(String key) {
		return available(key, "POST", "/api/v1/visits", firstValue("visitors.csv"), "{}");
	}

	static synchronized void result(String key, Object value) {
		try {
			Files.createDirectories(RESULTS.toAbsolutePath().getParent());
			Files.writeString(RESULTS, key + "\t" + value + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		System.out.println("[bench] " + key + " = " + value);
	}

}
