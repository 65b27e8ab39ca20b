package cn.luohe.grassroots.common.time;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

import org.springframework.stereotype.Component;

/**
 * Business time: every rule about days and months (visit week, monthly counts, the 28th
 * submission, token expiry) reads the injectable {@link Clock} through this class and
 * judges dates in Asia/Shanghai, whatever the server's own zone.
 */
@Component
public class BusinessClock {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final Clock clock;

	public BusinessClock(Clock clock) {
		this.clock = clock.withZone(ZONE);
	}

	public Clock clock() {
		return this.clock;
	}

	public Instant now() {
		return this.clock.instant();
	}

	public LocalDate today() {
		return LocalDate.now(this.clock);
	}

	public YearMonth currentMonth() {
		return YearMonth.now(this.clock);
	}

	public static YearMonth monthOf(Instant instant) {
		return YearMonth.from(instant.atZone(ZONE));
	}

	public static LocalDate dateOf(Instant instant) {
		return instant.atZone(ZONE).toLocalDate();
	}

	/** First instant of the month in the business zone. */
	public static Instant startOf(YearMonth month) {
		return month.atDay(1).atStartOfDay(ZONE).toInstant();
	}

	public static Instant startOfDay(LocalDate date) {
		return date.atStartOfDay(ZONE).toInstant();
	}

}
