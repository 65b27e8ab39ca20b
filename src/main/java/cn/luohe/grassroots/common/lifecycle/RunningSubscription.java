package cn.luohe.grassroots.common.lifecycle;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The subscription a {@link org.springframework.context.SmartLifecycle} component runs
 * its background work on: held from {@code start()}, disposed by {@code stop()}, and the
 * component is running while one is held. A stopped component can be started again.
 */
public final class RunningSubscription {

	private volatile @Nullable Disposable current;

	/** Holds the subscription {@code start()} made. */
	public void hold(Disposable subscription) {
		this.current = subscription;
	}

	/** Disposes the subscription held, if any, and holds none. */
	public void stop() {
		Disposable held = this.current;
		if (held != null) {
			held.dispose();
		}
		this.current = null;
	}

	/** Whether a subscription is held, that is, the component is running. */
	public boolean isRunning() {
		return this.current != null;
	}

}
