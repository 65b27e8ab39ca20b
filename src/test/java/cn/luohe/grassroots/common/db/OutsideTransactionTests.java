package cn.luohe.grassroots.common.db;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.support.TestServers;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.RowsFetchSpec;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Positional statements outside a transaction run straight on the pool, inside one on the
 * transaction's connection, on the real database: what the path outside changes must not
 * show (rows, errors, a connection released on every ending).
 */
class OutsideTransactionTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String TABLE = "outside_tx_" + Randoms.token(6).toLowerCase().replaceAll("[^a-z0-9]", "x");

	private static ConnectionPool pool;

	/** How many statements went through {@code DatabaseClient}'s execution. */
	private static final AtomicInteger throughClient = new AtomicInteger();

	private static DatabaseClient db;

	private static TransactionalOperator tx;

	@BeforeAll
	static void startPool() {
		TestServers servers = TestServers.get();
		ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(servers.r2dbcUrl())
			.mutate()
			.option(ConnectionFactoryOptions.USER, servers.username())
			.option(ConnectionFactoryOptions.PASSWORD, servers.password())
			.build());
		pool = new ConnectionPool(ConnectionPoolConfiguration.builder(factory).initialSize(0).maxSize(2).build());
		db = DatabaseClient.builder().connectionFactory(pool).executeFunction(statement -> {
			throughClient.incrementAndGet();
			return statement.execute();
		}).build();
		tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
		db.sql("CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, word text NOT NULL)").then().block(WAIT);
	}

	@AfterAll
	static void closePool() {
		db.sql("DROP TABLE IF EXISTS " + TABLE).then().block(WAIT);
		pool.dispose();
	}

	@Test
	void shouldWriteAndReadOutsideATransactionWithoutTheClientAndReleaseEachConnection() {
		int before = throughClient.get();
		insert(1, "镇").then().block(WAIT);
		insert(2, "村").then().block(WAIT);

		assertThat(words("id BETWEEN 1 AND :max", Map.of("max", 9)).all().collectList().block(WAIT))
			.containsExactly("镇", "村");
		assertThat(words("id = :id", Map.of("id", 2)).one().block(WAIT)).isEqualTo("村");
		assertThat(words("id = :id", Map.of("id", 3)).one().blockOptional(WAIT)).isEmpty();
		assertThat(words("id BETWEEN 1 AND :max", Map.of("max", 9)).first().block(WAIT)).isEqualTo("镇");
		// a read of many rows cancelled after its first: its connection goes back too
		assertThat(PositionalStatement.of(db, "SELECT g FROM generate_series(1, :n) g", Map.of("n", 100_000))
			.map(row -> row.get(0, Integer.class))
			.all()
			.take(1)
			.collectList()
			.block(WAIT)).containsExactly(1);

		assertThat(throughClient.get()).isEqualTo(before);
		awaitReleased();
	}

	@Test
	void shouldAnswerTwoRowsForOneAndAViolatedKeyAsSpringsErrorsAndReleaseTheConnection() {
		insert(10, "甲").then().block(WAIT);
		insert(11, "乙").then().block(WAIT);

		assertThatExceptionOfType(IncorrectResultSizeDataAccessException.class)
			.isThrownBy(() -> words("id BETWEEN 10 AND :max", Map.of("max", 19)).one().block(WAIT));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> insert(10, "again").then().block(WAIT))
			.satisfies(error -> assertThat(SqlStep.raised(error, "23505")).isTrue());
		awaitReleased();
	}

	@Test
	void shouldRunInsideATransactionOnItsConnection() {
		int before = throughClient.get();
		// inside: the transaction's own uncommitted row is seen, and undone with it
		List<String> seen = tx
			.transactional(insert(20, "内").then()
				.thenMany(words("id = :id", Map.of("id", 20)).all())
				.collectList()
				.flatMap(words -> Mono.<List<String>>error(new IllegalStateException("undo " + words))))
			.onErrorResume(IllegalStateException.class,
					error -> Mono.just(List.of(error.getMessage().substring("undo ".length()))))
			.block(WAIT);

		assertThat(seen).containsExactly("[内]");
		assertThat(words("id = :id", Map.of("id", 20)).one().blockOptional(WAIT)).isEmpty();
		assertThat(throughClient.get() - before).isEqualTo(2);
		awaitReleased();
	}

	@Test
	void shouldReportAConnectionNotObtainedAsAResourceFailure() {
		ConnectionFactory nowhere = ConnectionFactories
			.get(ConnectionFactoryOptions.parse("r2dbc:postgresql://127.0.0.1:1/none")
				.mutate()
				.option(ConnectionFactoryOptions.USER, "none")
				.option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2))
				.build());
		DatabaseClient unreachable = DatabaseClient.create(nowhere);

		assertThatExceptionOfType(DataAccessResourceFailureException.class)
			.isThrownBy(() -> PositionalStatement.of(unreachable, "SELECT :n", Map.of("n", 1))
				.map(row -> row.get(0, Integer.class))
				.all()
				.blockLast(WAIT));
	}

	private static PositionalStatement.Bound insert(long id, String word) {
		return PositionalStatement.of(db, "INSERT INTO " + TABLE + " (id, word) VALUES (:id, :word)",
				Map.of("id", id, "word", word));
	}

	private static RowsFetchSpec<String> words(String where, Map<String, ?> values) {
		return PositionalStatement.of(db, "SELECT word FROM " + TABLE + " WHERE " + where + " ORDER BY id", values)
			.map(row -> row.get("word", String.class));
	}

	private static void awaitReleased() {
		await().atMost(WAIT).untilAsserted(() -> assertThat(pool.getMetrics().orElseThrow().acquiredSize()).isZero());
	}

}
