package bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;

/**
 * The figures run.sh reports, kept apart from Gatling's own statistics so that they can be split by load level
 * and written as plain key/value lines. Response times are Gatling's (milliseconds, request sent to response
 * received).
 */
final class Recorder {

	private static final int MAX_MS = 60_000;

	private static final Map<String, Stat> STATS = new ConcurrentHashMap<>();

	private static final String WARM_UP = "warmUp";

	private static volatile long measuredFrom = Long.MIN_VALUE;

	private Recorder() {
	}

	/**
	 * Requests of users arriving in the next {@code seconds} are recorded apart, under "warm-up." and their label, and
	 * left out of the figures. On two cores the load generator's own JVM compiles its hot paths during the first
	 * seconds of a run and takes the service's CPU: the service's access log showed every request over 100 ms of
	 * a 30 s run at half the peak within its first three seconds, while the service was already warm.
	 */
	static void warmUpFor(double seconds) {
		measuredFrom = System.nanoTime() + (long) (seconds * 1e9);
	}

	/** A scenario whose users note on arrival whether they came during the warm-up. */
	static ScenarioBuilder scenario(String name) {
		return CoreDsl.scenario(name).exec(session -> session.set(WARM_UP, System.nanoTime() < measuredFrom));
	}

	/** A session step that records the last request under {@code label.get()} and clears its failure. */
	static Function<Session, Session> record(Supplier<String> label) {
		return session -> {
			boolean warmUp = session.contains(WARM_UP) && session.getBoolean(WARM_UP);
			Stat stat = STATS.computeIfAbsent((warmUp ? "warm-up." : "") + label.get(), key -> new Stat());
			boolean ok = !session.isFailed() && session.contains("rt");
			long rt = session.contains("rt") ? session.getLong("rt") : -1;
			stat.add(rt, ok);
			return session.remove("rt").markAsSucceeded();
		};
	}

	static Function<Session, Session> record(String label) {
		return record(() -> label);
	}

	static Stat stat(String label) {
		return STATS.get(label);
	}

	/** Writes count, ok, ko, throughput over {@code seconds}, and percentiles of OK responses. */
	static void write(String label, String key, double seconds) {
		Stat stat = STATS.get(label);
		if (stat == null) {
			Bench.result(key + ".count", 0);
			return;
		}
		Bench.result(key + ".count", stat.ok.sum() + stat.ko.sum());
		Bench.result(key + ".ko", stat.ko.sum());
		Bench.result(key + ".rps", String.format("%.1f", stat.ok.sum() / seconds));
		Bench.result(key + ".p50_ms", stat.percentile(0.50));
		Bench.result(key + ".p95_ms", stat.percentile(0.95));
		Bench.result(key + ".p99_ms", stat.percentile(0.99));
		Bench.result(key + ".max_ms", stat.percentile(1.0));
	}

	static final class Stat {

		final LongAdder ok = new LongAdder();

		final LongAdder ko = new LongAdder();

		private final AtomicLongArray histogram = new AtomicLongArray(MAX_MS + 1);

		void add(long rt, boolean success) {
			if (success) {
				this.ok.increment();
				this.histogram.incrementAndGet((int) Math.min(Math.max(rt, 0), MAX_MS));
			}
			else {
				this.ko.increment();
			}
		}

		long percentile(double p) {
			long total = this.ok.sum();
			if (total == 0) {
				return -1;
			}
			long rank = Math.max(1, (long) Math.ceil(p * total));
			long seen = 0;
			for (int ms = 0; ms <= MAX_MS; ms++) {
				seen += this.histogram.get(ms);
				if (seen >= rank) {
					return ms;
				}
			}
			return MAX_MS;
		}

	}

}
