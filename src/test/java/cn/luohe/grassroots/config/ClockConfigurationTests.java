package cn.luohe.grassroots.config;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;

import cn.luohe.grassroots.common.time.BusinessClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ClockConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ClockConfiguration.class, BusinessClock.class);

	@Test
	void shouldFixTheClockFromAppClock() {
		this.runner.withPropertyValues("app.clock=2026-11-30T17:30:00Z").run(context -> {
			assertThat(context.getBean(Clock.class).instant()).isEqualTo(Instant.parse("2026-11-30T17:30:00Z"));
			// 01:30 on 1 December in Shanghai: business time is already December
			assertThat(context.getBean(BusinessClock.class).currentMonth()).isEqualTo(YearMonth.of(2026, 12));
		});
	}

	@Test
	void shouldAcceptAnOffsetInstant() {
		this.runner.withPropertyValues("app.clock=2026-12-02T09:00:00+08:00")
			.run(context -> assertThat(context.getBean(Clock.class).instant())
				.isEqualTo(Instant.parse("2026-12-02T01:00:00Z")));
	}

	@Test
	void shouldRefuseAFixedClockInProduction() {
		this.runner.withPropertyValues("app.clock=2026-12-02T09:00:00+08:00", "spring.profiles.active=prod")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("APP_CLOCK must not be set in the prod profile"));
	}

	@Test
	void shouldRunOnTheSystemClockInShanghaiByDefault() {
		this.runner.run(context -> assertThat(context.getBean(Clock.class).getZone()).isEqualTo(BusinessClock.ZONE));
	}

}
