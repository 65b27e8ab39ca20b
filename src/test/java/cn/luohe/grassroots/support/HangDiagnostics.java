package cn.luohe.grassroots.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeoutException;

import io.r2dbc.pool.ConnectionPool;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * When a test fails because an answer never came (a client timeout), prints what the
 * service was doing at that moment: every thread's stack, the R2DBC pool's metrics and
 * the database's sessions. A hang seen once on a CI machine is then explained by its own
 * report instead of needing a reproduction.
 */
public final class HangDiagnostics implements TestExecutionExceptionHandler {

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
		if (isTimeout(failure)) {
			StringBuilder report = new StringBuilder("\n===== hang diagnostics for ").append(context.getDisplayName())
				.append(" =====\n");
			pool(context, report);
			sessions(report);
			threads(report);
			System.err.println(report.append("===== end of hang diagnostics =====\n"));
		}
		throw failure;
	}

	static boolean isTimeout(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			String message = String.valueOf(t.getMessage());
			if (t instanceof TimeoutException || t instanceof SocketTimeoutException
					|| message.contains("Timeout on blocking read")) {
				return true;
			}
		}
		return false;
	}

	private static void pool(ExtensionContext context, StringBuilder report) {
		try {
			ApplicationContext application = SpringExtension.getApplicationContext(context);
			application.getBeansOfType(ConnectionPool.class)
				.forEach((name, pool) -> pool.getMetrics()
					.ifPresent(metrics -> report.append("pool ")
						.append(name)
						.append(": acquired ")
						.append(metrics.acquiredSize())
						.append(", idle ")
						.append(metrics.idleSize())
						.append(", pending ")
						.append(metrics.pendingAcquireSize())
						.append(", allocated ")
						.append(metrics.allocatedSize())
						.append('\n')));
		}
		catch (RuntimeException ex) {
			report.append("pool: ").append(ex).append('\n');
		}
	}

	private static void sessions(StringBuilder report) {
		try (Connection connection = Identities.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("""
						SELECT pid, state, wait_event_type, wait_event, now() - state_change AS for, left(query, 160)
						  FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
						""")) {
			while (rows.next()) {
				report.append("session ");
				for (int i = 1; i <= 6; i++) {
					report.append(rows.getString(i)).append(" | ");
				}
				report.append('\n');
			}
		}
		catch (SQLException ex) {
			report.append("sessions: ").append(ex).append('\n');
		}
	}

	private static void threads(StringBuilder report) {
		for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			report.append('"').append(thread.getThreadName()).append("\" ").append(thread.getThreadState());
			if (thread.getLockName() != null) {
				report.append(" on ").append(thread.getLockName());
			}
			report.append('\n');
			for (StackTraceElement frame : thread.getStackTrace()) {
				report.append("    at ").append(frame).append('\n');
			}
		}
	}

}
