package cn.luohe.grassroots.common.time;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A date or instant of something that happened in the service's working life: not before
 * its first month ({@code app.business.first-month}) and, unless {@link #ahead()} is off,
 * not more than a day ahead of the business clock. Null passes (combine with
 * {@code @NotNull}). Works on {@code Instant}, {@code OffsetDateTime},
 * {@code ZonedDateTime} and {@code LocalDate}.
 */
@Documented
@Constraint(validatedBy = BusinessDateValidator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface BusinessDate {

	String message() default "日期超出允许范围";

	/**
	 * Whether more than a day ahead is refused too; off where the feature has its own,
	 * answered rule for the future (a visit's device time, an activity's 72 hours, a
	 * themed event's month).
	 */
	boolean ahead() default true;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
