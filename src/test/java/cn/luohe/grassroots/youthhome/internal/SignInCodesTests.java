package cn.luohe.grassroots.youthhome.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import cn.luohe.grassroots.youthhome.internal.SignInCodes.Verdict;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInCodesTests {

	private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();

	/** 09:00:00 on a window boundary (epoch seconds divisible by 30). */
	private static final Instant START = Instant.parse("2026-12-02T01:00:00Z");

	private final MovableClock clock = new MovableClock(START);

	private final SignInCodes codes = new SignInCodes(this.clock);

	@Test
	void shouldAcceptACodeInItsOwnWindow() {
		String code = this.codes.current(KEY, 42).code();
		this.clock.advance(Duration.ofSeconds(29));

		assertThat(verify(code)).isEqualTo(Verdict.VALID);
	}

	@Test
	void shouldRotateEveryThirtySeconds() {
		SignInCodes.Code first = this.codes.current(KEY, 42);
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.codes.current(KEY, 42)).isEqualTo(first);
		this.clock.advance(Duration.ofSeconds(1));

		SignInCodes.Code second = this.codes.current(KEY, 42);
		assertThat(second.code()).isNotEqualTo(first.code());
		assertThat(first.expiresAt()).isEqualTo(START.plusSeconds(30));
		assertThat(second.expiresAt()).isEqualTo(START.plusSeconds(60));
	}

	@Test
	void shouldAcceptACodeOfThePreviousWindow() {
		String code = this.codes.current(KEY, 42).code();
		this.clock.advance(Duration.ofSeconds(59));

		assertThat(verify(code)).isEqualTo(Verdict.VALID);
	}

	@Test
	void shouldCallACodeTwoWindowsBackExpired() {
		String code = this.codes.current(KEY, 42).code();
		this.clock.advance(Duration.ofSeconds(60));

		assertThat(verify(code)).isEqualTo(Verdict.EXPIRED);
	}

	@Test
	void shouldRefuseACodeOfAWindowNotReachedYet() {
		this.clock.advance(Duration.ofSeconds(30));
		String future = this.codes.current(KEY, 42).code();
		this.clock.set(START);

		assertThat(verify(future)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void shouldRefuseACodeUnderAnotherKey() {
		String code = new SignInCodes(this.clock).current("another key of thirty-two bytes!".getBytes(), 42).code();

		assertThat(verify(code)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void shouldRefuseACodeMovedToAnotherActivity() {
		String code = this.codes.current(KEY, 42).code();
		String moved = "43" + code.substring(code.indexOf('.'));

		SignInCodes.Parsed parsed = SignInCodes.parse(moved);
		assertThat(parsed).isNotNull();
		assertThat(this.codes.verify(KEY, parsed)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void shouldRefuseACodeWithATamperedWindow() {
		String code = this.codes.current(KEY, 42).code();
		String[] parts = code.split("\\.");
		String tampered = parts[0] + "." + (Long.parseLong(parts[1]) - 1) + "." + parts[2];

		assertThat(verify(tampered)).isEqualTo(Verdict.INVALID);
	}

	@Test
	void shouldNotParseWhatCannotBeACode() {
		assertThat(SignInCodes.parse("")).isNull();
		assertThat(SignInCodes.parse("42")).isNull();
		assertThat(SignInCodes.parse("42.1.2.3")).isNull();
		assertThat(SignInCodes.parse("x.59000000.AAAAAAAAAAAAAAAAAAAAAA")).isNull();
		assertThat(SignInCodes.parse("42.59000000.not*base64")).isNull();
		assertThat(SignInCodes.parse("42.59000000.AAAA")).isNull();
		assertThat(SignInCodes.parse("-1.59000000.AAAAAAAAAAAAAAAAAAAAAA")).isNull();
		assertThat(SignInCodes.parse("42.59000000.AAAAAAAAAAAAAAAAAAAAAA")).isNotNull();
	}

	@Test
	void shouldNameTheActivityInTheCode() {
		String code = this.codes.current(KEY, 42).code();

		SignInCodes.Parsed parsed = SignInCodes.parse(code);
		assertThat(parsed).isNotNull();
		assertThat(parsed.activityId()).isEqualTo(42);
		assertThat(code).startsWith("42.").hasSizeLessThan(64);
	}

	private Verdict verify(String code) {
		SignInCodes.Parsed parsed = SignInCodes.parse(code);
		assertThat(parsed).isNotNull();
		return this.codes.verify(KEY, parsed);
	}

	/** A clock the test moves by hand. */
	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		void set(Instant instant) {
			this.now = instant;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
