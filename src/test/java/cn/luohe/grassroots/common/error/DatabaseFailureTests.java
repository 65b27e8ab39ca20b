package cn.luohe.grassroots.common.error;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTransientException;
import io.r2dbc.spi.R2dbcTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.event.Level;
import org.slf4j.Marker;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.UncategorizedR2dbcException;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 20, finding 3: which failures are a database outage, and the log throttle. */
class DatabaseFailureTests {

	@Test
	void shouldAnswer503WithRetryAfterWhenTheDatabaseCannotBeReached() {
		Throwable refused = new DataAccessResourceFailureException("Failed to obtain R2DBC Connection",
				new R2dbcNonTransientResourceException("connect", new ConnectException("Connection refused")));
		ProblemTranslator.Problem problem = ProblemTranslator.toProblem(refused);
		assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.code()).isEqualTo("DATABASE_UNAVAILABLE");
		assertThat(problem.retryAfter()).isEqualTo(ProblemTranslator.DATABASE_RETRY_AFTER);
		assertThat(ProblemTranslator.toProblem(new R2dbcTimeoutException("statement timeout")).code())
			.isEqualTo("DATABASE_UNAVAILABLE");
	}

	@Test
	void shouldAnswer503WithAShortRetryAfterWhenAWriteLostADeadlock() {
		// as DatabaseClient passes on r2dbc-postgresql's deadlock: uncategorized
		Throwable deadlock = new UncategorizedR2dbcException("execute", "UPDATE org_unit ...",
				new R2dbcTransientException("deadlock detected", "40P01") {
				});
		ProblemTranslator.Problem problem = ProblemTranslator.toProblem(deadlock);
		assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(problem.code()).isEqualTo("DATABASE_BUSY");
		assertThat(problem.retryAfter()).isEqualTo(ProblemTranslator.DATABASE_BUSY_RETRY_AFTER);
		assertThat(ProblemTranslator
			.toProblem(new CannotAcquireLockException("serialization",
					new R2dbcRollbackException("could not serialize access", "40001")))
			.code()).isEqualTo("DATABASE_BUSY");
		// another transient failure is not a lost conflict
		assertThat(ProblemTranslator.toProblem(
				new UncategorizedR2dbcException("execute", "SELECT 1", new R2dbcTransientException("x", "57014") {
				}))
			.code()).isEqualTo("INTERNAL_ERROR");
	}

	@Test
	void shouldLeaveRedisAndDataErrorsAlone() {
		assertThat(ProblemTranslator.toProblem(new RedisConnectionFailureException("gone")).code())
			.isEqualTo("INTERNAL_ERROR");
		assertThat(ProblemTranslator.toProblem(new DataIntegrityViolationException("duplicate")).code())
			.isEqualTo("INTERNAL_ERROR");
	}

	@Test
	void shouldLogOneLinePerKindAndInterval() {
		List<String> lines = new ArrayList<>();
		FailureLog failures = new FailureLog(new CollectingLogger(lines), 1, TimeUnit.HOURS);
		for (int i = 0; i < 100; i++) {
			failures.warn("db", "database down");
		}
		failures.warn("other", "something else");
		assertThat(lines).containsExactly("database down", "something else");
	}

	/** Keeps the formatted messages. */
	private static final class CollectingLogger extends AbstractLogger {

		private final List<String> lines;

		CollectingLogger(List<String> lines) {
			this.lines = lines;
			this.name = "collecting";
		}

		@Override
		protected String getFullyQualifiedCallerName() {
			return null;
		}

		@Override
		protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
				Object[] arguments, Throwable throwable) {
			this.lines.add(org.slf4j.helpers.MessageFormatter.basicArrayFormat(messagePattern, arguments));
		}

		@Override
		public boolean isTraceEnabled() {
			return true;
		}

		@Override
		public boolean isTraceEnabled(Marker marker) {
			return true;
		}

		@Override
		public boolean isDebugEnabled() {
			return true;
		}

		@Override
		public boolean isDebugEnabled(Marker marker) {
			return true;
		}

		@Override
		public boolean isInfoEnabled() {
			return true;
		}

		@Override
		public boolean isInfoEnabled(Marker marker) {
			return true;
		}

		@Override
		public boolean isWarnEnabled() {
			return true;
		}

		@Override
		public boolean isWarnEnabled(Marker marker) {
			return true;
		}

		@Override
		public boolean isErrorEnabled() {
			return true;
		}

		@Override
		public boolean isErrorEnabled(Marker marker) {
			return true;
		}

	}

}
