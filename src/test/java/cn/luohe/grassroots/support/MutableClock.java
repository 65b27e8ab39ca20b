package cn.luohe.grassroots.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A clock a test moves by hand, for a {@link ServiceInstance} whose business rules must
 * be seen moving with time (e.g. the work ledger's flags).
 */
public final class MutableClock extends Clock {

	private volatile Instant now;

	private final ZoneId zone;

	public MutableClock(Instant now, ZoneId zone) {
		this.now = now;
		this.zone = zone;
	}

	public void set(Instant instant) {
		this.now = instant;
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		// the same moving time, seen in another zone
		MutableClock self = this;
		return new Clock() {

			@Override
			public ZoneId getZone() {
				return zone;
			}

			@Override
			public Clock withZone(ZoneId other) {
				return self.withZone(other);
			}

			@Override
			public Instant instant() {
				return self.instant();
			}

		};
	}

	@Override
	public Instant instant() {
		return this.now;
	}

}
