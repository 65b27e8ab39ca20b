package cn.luohe.grassroots.common.db;

import java.util.function.Function;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.util.context.ContextView;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.transaction.reactive.TransactionContext;

/**
 * Runs a positional statement on a connection of its own when no transaction is open,
 * straight on the R2DBC pool instead of through {@code DatabaseClient}. For a statement
 * outside a transaction, {@code DatabaseClient} per execution looks the transaction up
 * through the subscriber's context and answers its absence with an exception it then
 * recovers from, wraps the connection in a JDK proxy that suppresses its close, and marks
 * the result with a checkpoint whose description concatenates the statement's text (1.7
 * KB for a check-in) — each adding operators whose context reads walk the request's whole
 * chain. What stays the same: the connection is released on completion, error and cancel;
 * errors are Spring's translated {@code DataAccessException}s with the driver's exception
 * as cause, a connection not obtained a {@link DataAccessResourceFailureException}; a
 * result's rows take the subscriber's context once (as
 * {@link DatabaseClientConfiguration}'s). Inside a transaction
 * ({@code TransactionalOperator} writes its context into the subscriber's), the statement
 * goes through {@code DatabaseClient}, which runs it on the transaction's connection.
 */
final class OutsideTransaction {

	/**
	 * Spring's holder of a reactive transaction's contexts, package-private in spring-tx:
	 * its presence alone sends a statement through {@code DatabaseClient}.
	 */
	private static final Class<?> TRANSACTION_HOLDER = holderClass();

	private OutsideTransaction() {
	}

	/** Whether the subscriber's context may hold a transaction. */
	static boolean mayHoldTransaction(ContextView context) {
		return context.hasKey(TransactionContext.class) || context.hasKey(TRANSACTION_HOLDER);
	}

	/**
	 * {@code operation} run on a connection of its own; each result's publisher from
	 * {@code each}.
	 */
	static <T> Flux<T> run(ConnectionFactory factory, PreparedOperation<?> operation,
			Function<Result, ? extends Publisher<T>> each) {
		String sql = operation.toQuery();
		return Flux.usingWhen(connection(factory), connection -> {
			Statement statement = connection.createStatement(sql);
			operation.bindTo(new StatementTarget(statement));
			return Flux.from(statement.execute())
				.concatMap(result -> DatabaseClientConfiguration.heldContext(each.apply(result)));
		}, Connection::close, (connection, error) -> connection.close(), Connection::close)
			.onErrorMap(R2dbcException.class, ex -> ConnectionFactoryUtils.convertR2dbcException("execute", sql, ex));
	}

	private static Flux<Connection> connection(ConnectionFactory factory) {
		return Flux.<Connection>from(factory.create())
			.onErrorMap(ex -> new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", ex));
	}

	private static Class<?> holderClass() {
		try {
			return Class.forName("org.springframework.transaction.reactive.TransactionContextHolder", false,
					TransactionContext.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("spring-tx without its TransactionContextHolder", ex);
		}
	}

	/** A statement as the bind target {@code PreparedOperation#bindTo} expects. */
	private record StatementTarget(Statement statement) implements BindTarget {

		@Override
		public void bind(String identifier, Object value) {
			this.statement.bind(identifier, value);
		}

		@Override
		public void bind(int index, Object value) {
			this.statement.bind(index, value);
		}

		@Override
		public void bindNull(String identifier, Class<?> type) {
			this.statement.bindNull(identifier, type);
		}

		@Override
		public void bindNull(int index, Class<?> type) {
			this.statement.bindNull(index, type);
		}

	}

}
