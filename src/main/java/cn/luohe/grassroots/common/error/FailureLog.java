package cn.luohe.grassroots.common.error;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * Logs a repeated failure once per kind and interval: the first occurrence of a kind is
 * logged (with its stack trace when asked), later ones within the interval are only
 * counted, and the next line says how many were left out. An outage that fails every
 * request thus writes a line every interval, not a trace per request.
 */
public final class FailureLog {

	private final Logger log;

	private final long intervalNanos;

	private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

	public FailureLog(Logger log, long interval, TimeUnit unit) {
		this.log = log;
		this.intervalNanos = unit.toNanos(interval);
	}

	/** A warning without a stack trace, at most once per interval for {@code kind}. */
	public void warn(String kind, String message) {
		long left = admit(kind);
		if (left >= 0) {
			this.log.warn("{}{}", message, suffix(left));
		}
	}

	/** An error with its stack trace, at most once per interval for {@code kind}. */
	public void error(String kind, String message, Throwable ex) {
		long left = admit(kind);
		if (left >= 0) {
			this.log.error("{}{}", message, suffix(left), ex);
		}
	}

	/** -1 when the occurrence is only counted, else how many were left out before it. */
	private long admit(String kind) {
		long now = System.nanoTime();
		Window window = this.windows.computeIfAbsent(kind, k -> new Window(now - this.intervalNanos));
		synchronized (window) {
			if (now - window.since < this.intervalNanos) {
				window.suppressed.incrementAndGet();
				return -1;
			}
			window.since = now;
			return window.suppressed.getAndSet(0);
		}
	}

	private String suffix(long left) {
		return (left > 0) ? " (" + left + " more like it in the last "
				+ TimeUnit.NANOSECONDS.toSeconds(this.intervalNanos) + " s not logged)" : "";
	}

	private static final class Window {

		private long since;

		private final AtomicLong suppressed = new AtomicLong();

		private Window(long since) {
			this.since = since;
		}

	}

}
