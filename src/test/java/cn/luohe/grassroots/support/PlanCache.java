package cn.luohe.grassroots.support;

import java.time.Duration;
import java.util.Map;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import reactor.core.publisher.Mono;

import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.connection.SingleConnectionFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * A database session of its own, whose prepared statements' plan choices a test reads:
 * PostgreSQL makes custom plans for a prepared statement's first five executions, then
 * keeps its generic plan unless that costs more than they did. A hot statement whose
 * generic plan costs more (a parameter-sized series or array) is planned afresh on every
 * execution, which shows as more than five custom plans.
 */
public final class PlanCache implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Connection session;

	private final DatabaseClient client;

	private PlanCache(Connection session, DatabaseClient client) {
		this.session = session;
		this.client = client;
	}

	/**
	 * A new session to the instance's database, outside its pool, after {@code ANALYZE}
	 * of {@code tables} (as autovacuum would have run after the seed: the costs are
	 * estimated from their statistics).
	 */
	public static PlanCache open(ApplicationContext context, String... tables) {
		ConnectionFactory pooled = context.getBean(ConnectionFactory.class);
		ConnectionFactory servers = (pooled instanceof Wrapped<?> pool) ? (ConnectionFactory) pool.unwrap() : pooled;
		Connection session = Mono.from(servers.create()).block(WAIT);
		DatabaseClient client = DatabaseClient
			.create(new SingleConnectionFactory(session, servers.getMetadata(), true));
		PlanCache cache = new PlanCache(session, client);
		try {
			for (String table : tables) {
				client.sql("ANALYZE " + table).then().block(Duration.ofSeconds(30));
			}
		}
		catch (RuntimeException ex) {
			// the caller's try-with-resources has no cache to close yet
			cache.close();
			throw ex;
		}
		return cache;
	}

	/** A client on this session only. */
	public DatabaseClient client() {
		return this.client;
	}

	/** The generic and custom plans made for this session's statement that starts so. */
	public Plans plans(String statementStart) {
		Map<String, Object> row = this.client.sql("""
				SELECT coalesce(sum(generic_plans), 0) AS generic, coalesce(sum(custom_plans), 0) AS custom
				  FROM pg_prepared_statements WHERE starts_with(statement, :start)
				""").bind("start", statementStart).fetch().one().block(WAIT);
		return new Plans(((Number) row.get("generic")).longValue(), ((Number) row.get("custom")).longValue());
	}

	@Override
	public void close() {
		Mono.from(this.session.close()).block(WAIT);
	}

	/** Plans made for a statement: generic (kept) and custom (made for its values). */
	public record Plans(long generic, long custom) {
	}

}
