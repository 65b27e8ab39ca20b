package cn.luohe.grassroots.correction.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one amendment window of every record kind ({@code app.corrections.window}): how
 * long after recording the author may still correct or void their own record (visits,
 * activities, themed events, themes, volunteer teams, youth organizations, photos).
 * Public only because Boot binds it.
 */
@ConfigurationProperties("app.corrections")
public record CorrectionProperties(@DefaultValue("48h") Duration window) {

	public CorrectionProperties {
		if (window.isNegative()) {
			throw new IllegalArgumentException("app.corrections.window must not be negative");
		}
	}

}
