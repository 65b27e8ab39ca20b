package cn.luohe.grassroots.common.db;

import java.time.Duration;
import java.util.Set;

import io.r2dbc.spi.R2dbcException;
import reactor.util.retry.Retry;

/**
 * Transactions PostgreSQL ended to resolve a conflict between writers: the loser of a
 * deadlock ({@code 40P01}) or of a serialization check ({@code 40001}). Nothing of such a
 * transaction was written, and the same transaction run again can succeed.
 * ({@code r2dbc-postgresql} raises a deadlock as a plain transient exception and Spring
 * leaves it uncategorized, so the SQLSTATE is what tells.)
 */
public final class LockConflicts {

	private static final Set<String> STATES = Set.of("40P01", "40001");

	private LockConflicts() {
	}

	/** Whether {@code ex} or one of its causes is such a conflict. */
	public static boolean lost(Throwable ex) {
		Throwable current = ex;
		for (int depth = 0; current != null && depth < 16; depth++) {
			if (current instanceof R2dbcException r2dbc && r2dbc.getSqlState() != null
					&& STATES.contains(r2dbc.getSqlState())) {
				return true;
			}
			current = (current.getCause() == current) ? null : current.getCause();
		}
		return false;
	}

	/**
	 * Runs a whole transaction again, up to {@code times} more times, when it lost such a
	 * conflict; the last failure is passed on as it is. To wrap the transaction, never a
	 * statement inside it (an aborted transaction accepts no more statements).
	 */
	public static Retry retry(int times) {
		return Retry.backoff(times, Duration.ofMillis(20))
			.jitter(0.5)
			.filter(LockConflicts::lost)
			.onRetryExhaustedThrow((spec, signal) -> signal.failure());
	}

}
