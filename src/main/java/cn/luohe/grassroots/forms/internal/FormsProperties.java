package cn.luohe.grassroots.forms.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rules of the monthly forms ({@code app.forms.*}): the day of the month they are due by
 * (the source document's 28th, Asia/Shanghai); a submission after it is late, and a unit
 * without one is missing.
 */
@ConfigurationProperties("app.forms")
public record FormsProperties(@DefaultValue("28") int submissionDay) {

	public FormsProperties {
		if (submissionDay < 1 || submissionDay > 28) {
			throw new IllegalArgumentException("app.forms.submission-day must be 1..28");
		}
	}

}
