package cn.luohe.grassroots.org.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * V121: the pinyin initials of every org already loaded (a database migrated before
 * V120). On a new database the table is still empty here and the seed, which runs after
 * the versioned migrations, writes them itself.
 */
@Component
class OrgInitialsMigration implements JavaMigration {

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("121");
	}

	@Override
	public String getDescription() {
		return "org name initials";
	}

	@Override
	public @Nullable Integer getChecksum() {
		return 121;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		backfill(context.getConnection());
	}

	static int backfill(Connection connection) throws SQLException {
		int changed = 0;
		try (PreparedStatement select = connection
			.prepareStatement("SELECT id, name FROM org_unit WHERE name_initials IS NULL");
				PreparedStatement update = connection
					.prepareStatement("UPDATE org_unit SET name_initials = ? WHERE id = ?");
				ResultSet rows = select.executeQuery()) {
			while (rows.next()) {
				update.setString(1, PinyinInitials.of(rows.getString("name")));
				update.setLong(2, rows.getLong("id"));
				update.addBatch();
				changed++;
			}
			update.executeBatch();
		}
		return changed;
	}

}
