package cn.luohe.grassroots.config;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import cn.luohe.grassroots.common.time.BusinessClock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.StringUtils;

/**
 * The one place that decides what time it is. {@code APP_CLOCK} fixes the instant for
 * demos and acceptance runs; it is refused in the {@code prod} profile.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

	@Bean
	Clock clock(Environment environment) {
		String fixed = environment.getProperty("app.clock");
		if (!StringUtils.hasText(fixed)) {
			return Clock.system(BusinessClock.ZONE);
		}
		if (environment.acceptsProfiles(Profiles.of("prod"))) {
			throw new IllegalStateException("APP_CLOCK must not be set in the prod profile");
		}
		try {
			return Clock.fixed(Instant.parse(fixed.trim()), BusinessClock.ZONE);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalStateException("APP_CLOCK must be an ISO-8601 instant such as 2026-12-02T09:00:00+08:00",
					ex);
		}
	}

}
