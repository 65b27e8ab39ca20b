package cn.luohe.grassroots.common.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks {@link BusinessDate}: created by Spring's constraint validator factory, so it
 * reads the one business clock and the configured first month.
 */
public class BusinessDateValidator implements ConstraintValidator<BusinessDate, TemporalAccessor> {

	private static final Duration AHEAD = Duration.ofDays(1);

	private final BusinessClock clock;

	private final BusinessWindowProperties window;

	private boolean ahead = true;

	public BusinessDateValidator(BusinessClock clock, BusinessWindowProperties window) {
		this.clock = clock;
		this.window = window;
	}

	@Override
	public void initialize(BusinessDate annotation) {
		this.ahead = annotation.ahead();
	}

	@Override
	public boolean isValid(@Nullable TemporalAccessor value, ConstraintValidatorContext context) {
		if (value == null) {
			return true;
		}
		Instant earliest = BusinessClock.startOf(this.window.firstMonth());
		boolean valid = switch (value) {
			case LocalDate date -> !date.isBefore(this.window.firstMonth().atDay(1))
					&& (!this.ahead || !date.isAfter(this.clock.today().plusDays(1)));
			case Instant instant -> within(instant, earliest);
			case OffsetDateTime time -> within(time.toInstant(), earliest);
			case ZonedDateTime time -> within(time.toInstant(), earliest);
			default -> true;
		};
		if (!valid) {
			context.disableDefaultConstraintViolation();
			context
				.buildConstraintViolationWithTemplate(
						"不得早于 " + this.window.firstMonth() + (this.ahead ? "，也不得晚于当前时间一天以上" : ""))
				.addConstraintViolation();
		}
		return valid;
	}

	private boolean within(Instant instant, Instant earliest) {
		return !instant.isBefore(earliest) && (!this.ahead || !instant.isAfter(this.clock.now().plus(AHEAD)));
	}

}
