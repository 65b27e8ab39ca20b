package cn.luohe.grassroots.leagueorg.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.stereotype.Component;

/**
 * Seeds the city's four colleges (附件3's 高校团建 units) as city-level (市直) host units of kind
 * UNIVERSITY. A repeatable migration because it needs the city, which the org seed (also
 * repeatable, description "seed org hierarchy") loads after the versioned migrations:
 * Flyway applies repeatables in the order of their descriptions, and this one's starts
 * with that one's. Adds missing colleges only; never changes or removes one.
 */
@Component
class CollegeSeedMigration implements JavaMigration {

	static final List<String> COLLEGES = List.of("漯河职业技术学院", "漯河医学高等专科学校", "漯河技师学院", "漯河食品职业学院");

	@Override
	public @Nullable MigrationVersion getVersion() {
		return null;
	}

	@Override
	public String getDescription() {
		return "seed org hierarchy then colleges";
	}

	@Override
	public Integer getChecksum() {
		return String.join(",", COLLEGES).hashCode();
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		try (PreparedStatement insert = context.getConnection().prepareStatement("""
				INSERT INTO host_unit (name, county_id, kind, eligible, created_at, updated_at)
				SELECT ?, id, 'UNIVERSITY', true, now(), now() FROM org_unit WHERE code = '4111'
				ON CONFLICT (county_id, name) DO NOTHING
				""")) {
			for (String college : COLLEGES) {
				insert.setString(1, college);
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

}
