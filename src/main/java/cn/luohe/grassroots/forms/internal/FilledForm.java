package cn.luohe.grassroots.forms.internal;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A form as its reader sees it: the lines (frozen when the unit's month is submitted and
 * the reader did not ask for the live draft), the status of the unit's month, and the
 * paper form's 填表人 / 填表时间 (the submitter and day of submission, or the reader and today
 * for a draft).
 */
public record FilledForm(Form form, FormStatus status, boolean frozen, @Nullable Long submissionId,
		@Nullable Instant submittedAt, String filledBy, LocalDate filledOn) {
}
