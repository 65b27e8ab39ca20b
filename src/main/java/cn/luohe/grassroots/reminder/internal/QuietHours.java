package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;

import cn.luohe.grassroots.common.time.BusinessClock;

import org.springframework.stereotype.Component;

/**
 * No WeChat message between {@code quiet-from} and {@code quiet-until} (22:00–07:30,
 * Asia/Shanghai): a send due then is held until the morning.
 */
@Component
class QuietHours {

	private final LocalTime from;

	private final LocalTime until;

	QuietHours(ReminderProperties properties) {
		this.from = properties.quietFrom();
		this.until = properties.quietUntil();
	}

	boolean isQuiet(Instant at) {
		LocalTime time = LocalDateTime.ofInstant(at, BusinessClock.ZONE).toLocalTime();
		if (this.from.isAfter(this.until)) {
			// across midnight
			return !time.isBefore(this.from) || time.isBefore(this.until);
		}
		return !time.isBefore(this.from) && time.isBefore(this.until);
	}

	/** {@code at}, or the end of the quiet hours it falls in. */
	Instant heldUntil(Instant at) {
		if (!isQuiet(at)) {
			return at;
		}
		LocalDateTime local = LocalDateTime.ofInstant(at, BusinessClock.ZONE);
		LocalDateTime end = local.toLocalDate().atTime(this.until);
		if (end.isBefore(local)) {
			end = end.plusDays(1);
		}
		return end.atZone(BusinessClock.ZONE).toInstant();
	}

}
