package cn.luohe.grassroots.visit.internal;

import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VisitWeekTests {

	private final VisitWeek defaultWeek = new VisitWeek(1, 7);

	@Test
	void shouldContainTheFirstSevenDaysOfEveryMonth() {
		assertThat(this.defaultWeek.contains(LocalDate.of(2026, 12, 1))).isTrue();
		assertThat(this.defaultWeek.contains(LocalDate.of(2026, 12, 7))).isTrue();
		assertThat(this.defaultWeek.contains(LocalDate.of(2027, 2, 3))).isTrue();
	}

	@Test
	void shouldNotContainTheRestOfTheMonth() {
		assertThat(this.defaultWeek.contains(LocalDate.of(2026, 12, 8))).isFalse();
		assertThat(this.defaultWeek.contains(LocalDate.of(2026, 11, 30))).isFalse();
		assertThat(this.defaultWeek.contains(LocalDate.of(2026, 12, 31))).isFalse();
	}

	@Test
	void shouldFollowTheConfiguredDays() {
		VisitWeek week = new VisitWeek(10, 16);
		assertThat(week.contains(LocalDate.of(2026, 12, 9))).isFalse();
		assertThat(week.contains(LocalDate.of(2026, 12, 10))).isTrue();
		assertThat(week.contains(LocalDate.of(2026, 12, 16))).isTrue();
		assertThat(week.contains(LocalDate.of(2026, 12, 17))).isFalse();
	}

	@Test
	void shouldRefuseAVisitWeekThatSomeMonthsDoNotHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(25, 31));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(7, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> properties(0, 7));
		assertThat(properties(22, 28).visitWeek()).isEqualTo(new VisitWeek(22, 28));
	}

	private static VisitProperties properties(int first, int last) {
		return new VisitProperties(first, last, 3000, 200, 150, Duration.ofHours(72), Duration.ofMinutes(10),
				Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(1));
	}

}
