package cn.luohe.grassroots.common.db;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.support.TestServers;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PositionalStatementTests {

	@Test
	void shouldNumberEachNameOnceInTheOrderOfItsFirstUse() {
		PositionalStatement.Turned turned = PositionalStatement
			.turn("INSERT INTO t (a, b, c) SELECT :town, :month, :town WHERE :month_end > :month");

		assertThat(turned.sql()).isEqualTo("INSERT INTO t (a, b, c) SELECT $1, $2, $1 WHERE $3 > $2");
		assertThat(turned.names()).containsExactly("town", "month", "month_end");
	}

	@Test
	void shouldLeaveCastsQuotesCommentsAndDollarBodiesAlone() {
		String sql = """
				SELECT :a::text || ':b' || "c:d" || $$ :e $$ || $tag$ :f $tag$, -- :g
				       /* :h */ 'it''s :i', x[1:2], :j_1""";

		PositionalStatement.Turned turned = PositionalStatement.turn(sql);

		assertThat(turned.sql()).isEqualTo("""
				SELECT $1::text || ':b' || "c:d" || $$ :e $$ || $tag$ :f $tag$, -- :g
				       /* :h */ 'it''s :i', x[1:2], $2""");
		assertThat(turned.names()).containsExactly("a", "j_1");
	}

	@Test
	void shouldRefuseNumberedMarkersAndUnclosedQuotes() {
		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.turn("SELECT :a, $1"));
		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.turn("SELECT 'open, :a"));
		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.turn("SELECT /* open :a"));
	}

	@Test
	void shouldRefuseValuesThatDoNotMatchTheMarkers() {
		String sql = "SELECT :a, :b";

		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.prepare(sql, Map.of("a", 1)))
			.withMessageContaining("missing [b]");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PositionalStatement.prepare(sql, Map.of("a", 1, "b", 2, "c", 3)))
			.withMessageContaining("unused [c]");
		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.prepare(sql, Map.of("a", 1, "c", 3)))
			.withMessageContaining("unused [c], missing [b]");
		Map<String, Object> untypedNull = new HashMap<>(Map.of("a", 1));
		untypedNull.put("b", null);
		assertThatIllegalArgumentException().isThrownBy(() -> PositionalStatement.prepare(sql, untypedNull))
			.withMessageContaining("without its type");
		// DatabaseClient would have spread a collection over a list of markers
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PositionalStatement.prepare(sql, Map.of("a", 1, "b", List.of(1, 2))))
			.withMessageContaining("collection");
	}

	@Test
	void shouldBindByPositionOnARealDatabase() {
		TestServers servers = TestServers.get();
		ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(servers.r2dbcUrl())
			.mutate()
			.option(ConnectionFactoryOptions.USER, servers.username())
			.option(ConnectionFactoryOptions.PASSWORD, servers.password())
			.build());
		DatabaseClient db = DatabaseClient.create(factory);

		Map<String, Object> row = PositionalStatement
			.of(db, """
					SELECT :word || ':' || :n::text AS joined, :word AS again, :missing::bigint IS NULL AS was_null,
					       cardinality(:ids::bigint[]) AS ids, ':word' AS literal""",
					Map.of("word", "镇", "n", 7, "missing", Params.nullable(null, Long.class), "ids",
							new Long[] { 1L, 2L, 3L }))
			.map(r -> Map.<String, Object>of("joined", r.get("joined", String.class), "again",
					r.get("again", String.class), "wasNull", r.get("was_null", Boolean.class), "ids",
					r.get("ids", Integer.class), "literal", r.get("literal", String.class)))
			.one()
			.block(Duration.ofSeconds(30));

		assertThat(row).containsEntry("joined", "镇:7")
			.containsEntry("again", "镇")
			.containsEntry("wasNull", true)
			.containsEntry("ids", 3)
			.containsEntry("literal", ":word");
	}

}
