package cn.luohe.grassroots.place;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

import cn.luohe.grassroots.org.internal.PinyinInitials;
import cn.luohe.grassroots.support.Identities;

/**
 * Towns and villages of the place tests' own, under 城乡一体化示范区 (4111F1), a county-level
 * unit the seed gives no towns: codes start with {@code T}, so nothing seeded or counted
 * elsewhere changes; names and pinyin initials as the seed would write them.
 */
public final class PlaceFixtures {

	/** 城乡一体化示范区. */
	public static final String COUNTY = "4111F1";

	private PlaceFixtures() {
	}

	/** A new town under {@link #COUNTY}; its id. */
	public static long town(String name) {
		return insert(name, "TOWN", COUNTY);
	}

	/** A new village under the town of {@code townId}; its id. */
	public static long village(String name, long townId) {
		return insert(name, "VILLAGE", code(townId));
	}

	private static long insert(String name, String level, String parentCode) {
		String code = "T" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L);
		try (Connection connection = Identities.connect(); PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO org_unit (code, name, level, parent_id, path, name_initials)
				SELECT ?, ?, ?, p.id, p.path || ? || '/', ? FROM org_unit p WHERE p.code = ?
				RETURNING id
				""")) {
			insert.setString(1, code);
			insert.setString(2, name);
			insert.setString(3, level);
			insert.setString(4, code);
			insert.setString(5, PinyinInitials.of(name));
			insert.setString(6, parentCode);
			try (ResultSet rows = insert.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String code(long orgId) {
		try (Connection connection = Identities.connect();
				PreparedStatement select = connection.prepareStatement("SELECT code FROM org_unit WHERE id = ?")) {
			select.setLong(1, orgId);
			try (ResultSet rows = select.executeQuery()) {
				rows.next();
				return rows.getString(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
