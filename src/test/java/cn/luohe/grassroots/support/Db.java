package cn.luohe.grassroots.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Straight reads of the test database, for what an API test must see beyond the API (rows
 * written or not written, ids of seeded orgs).
 */
public final class Db {

	private Db() {
	}

	public static long orgId(String code) {
		return single("SELECT id FROM org_unit WHERE code = ?", Long.class, code);
	}

	public static long count(String sql, Object... args) {
		return single(sql, Long.class, args);
	}

	/**
	 * Runs a statement that answers no rows (a fixture's DDL, an update behind the API).
	 */
	public static void execute(String sql, Object... args) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.execute();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static <T> T single(String sql, Class<T> type, Object... args) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalStateException("No row for " + sql);
				}
				return rows.getObject(1, type);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
