package cn.luohe.grassroots.config;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The first step of a shutdown ({@code server.shutdown=graceful}): Boot has already
 * reported readiness {@code REFUSING_TRAFFIC} (so {@code /actuator/health/readiness}
 * answers 503) when the context closes; this keeps the server serving for
 * {@code app.server.drain-delay} before the web server's graceful shutdown stops taking
 * connections and lets in-flight requests finish ({@link CloseAfterAnswer} keeps it from
 * closing a connection whose request was read but not yet answered). Stopped before every
 * other lifecycle (highest phase); it waits on the closing thread, never on an event
 * loop.
 */
@Component
class DrainDelay implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DrainDelay.class);

	private final Duration delay;

	private volatile boolean running;

	private final CloseAfterAnswer closes;

	DrainDelay(ServerLimitsProperties properties, CloseAfterAnswer closes) {
		this.delay = properties.drainDelay();
		this.closes = closes;
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.closes.shuttingDown();
		if (this.delay.isPositive()) {
			log.info("Readiness is DOWN; serving {} ms more before the graceful shutdown", this.delay.toMillis());
			try {
				Thread.sleep(this.delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
