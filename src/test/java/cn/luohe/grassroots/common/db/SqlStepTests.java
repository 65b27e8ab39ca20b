package cn.luohe.grassroots.common.db;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SqlStepTests {

	@Test
	void shouldRenameBindMarkersButNotCasts() {
		SqlStep step = SqlStep.named("dirty", "INSERT INTO t (a, b) SELECT :town, :month::date", Map.of("town", 1L));

		assertThat(step.sql()).isEqualTo("dirty AS (INSERT INTO t (a, b) SELECT :dirty_town, :dirty_month::date)");
		assertThat(step.binds()).containsOnlyKeys("dirty_town");
	}

	@Test
	void shouldRenameTheSameTextAlikeUnderEachName() {
		String sql = "SELECT :x";

		assertThat(SqlStep.named("a", sql, Map.of()).sql()).isEqualTo("a AS (SELECT :a_x)");
		assertThat(SqlStep.named("b", sql, Map.of()).sql()).isEqualTo("b AS (SELECT :b_x)");
		// the second use of a text under a name reads the remembered rename
		assertThat(SqlStep.named("a", sql, Map.of()).sql()).isEqualTo("a AS (SELECT :a_x)");
	}

	@Test
	void shouldRenameTextsBeyondTheRememberedOnes() {
		for (int i = 0; i < 100; i++) {
			assertThat(SqlStep.named("many", "SELECT :v" + i, Map.of()).sql())
				.isEqualTo("many AS (SELECT :many_v" + i + ")");
		}
	}

	@Test
	void shouldGateOnTheRecordAndRefuseAQuoteInWhatItSplices() {
		assertThat(SqlStep.requireWritten("v", "GRK02", "visit no longer open"))
			.isEqualTo("SELECT require_written(EXISTS (SELECT 1 FROM v), 'GRK02', 'visit no longer open') AS written");
		assertThatIllegalArgumentException().isThrownBy(() -> SqlStep.requireWritten("v", "GRK02", "it's gone"));
	}

}
