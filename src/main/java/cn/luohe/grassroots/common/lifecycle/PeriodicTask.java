package cn.luohe.grassroots.common.lifecycle;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Background work on an infrastructure timer (real time, whatever {@code APP_CLOCK}
 * says): runs one at a time, a tick that finds the previous run still busy is dropped,
 * and a failed run is logged once per streak of failures and retried on the next tick. A
 * task may also be woken between ticks ({@link #wakeups()}). Ticks and wake-ups that
 * arrive during a run collapse into one run right after it: no signal is lost, and a slow
 * run is never followed by a queue of runs. Started and stopped with the application
 * context.
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final String name;

	private final Duration initialDelay;

	private final Duration period;

	private final RunningSubscription task = new RunningSubscription();

	private volatile boolean failing;

	protected PeriodicTask(String name, Duration initialDelay, Duration period) {
		this.name = name;
		this.initialDelay = initialDelay;
		this.period = period;
	}

	/** One run of the task. */
	protected abstract Mono<?> runOnce();

	/**
	 * Signals that should start a run now rather than at the next tick (none by default).
	 */
	protected Flux<?> wakeups() {
		return Flux.empty();
	}

	/** Whether this tick starts a run (every tick by default). */
	protected boolean due(long tick) {
		return true;
	}

	/** Whether the task runs at all on this instance. */
	protected boolean enabled() {
		return true;
	}

	@Override
	public void start() {
		if (!enabled()) {
			return;
		}
		Flux<Object> triggers = Flux
			.<Object>merge(Flux.interval(this.initialDelay, this.period).filter(this::due),
					wakeups().map(signal -> (Object) signal))
			.onBackpressureLatest();
		this.task.hold(
				triggers
					.concatMap(tick -> Mono.defer(this::runOnce)
						.doOnSuccess(result -> this.failing = false)
						.then()
						.onErrorResume(this::failed), 0)
					.subscribe());
	}

	private Mono<Void> failed(Throwable error) {
		if (!this.failing) {
			this.log.warn("{} failed; retrying on the next tick", this.name, error);
			this.failing = true;
		}
		return Mono.empty();
	}

	@Override
	public void stop() {
		this.task.stop();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

}
