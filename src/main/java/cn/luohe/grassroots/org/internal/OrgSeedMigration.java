package cn.luohe.grassroots.org.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Loads the org tree from {@code seeds/} as a Flyway repeatable migration: it runs in the
 * migration transaction before the service accepts requests, and again only when the seed
 * files change (the checksum is their content). Loading adds missing orgs and corrects
 * names; it never moves or deletes an org, so an admin's re-parenting survives reloads. A
 * loaded or renamed org gets the pinyin initials of its name ({@link PinyinInitials}).
 */
@Component
class OrgSeedMigration implements JavaMigration {

	static final List<String> SEED_FILES = List.of("seeds/luohe-divisions.csv", "seeds/league-units.csv",
			"seeds/league-departments.csv");

	private static final String UPSERT_ROOT = """
			INSERT INTO org_unit (code, name, level, parent_id, path, name_initials)
			VALUES (?, ?, 'CITY', NULL, '/' || ? || '/', ?)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_initials = EXCLUDED.name_initials,
			       updated_at = now()
			 WHERE org_unit.name IS DISTINCT FROM EXCLUDED.name
			""";

	private static final String UPSERT_CHILD = """
			INSERT INTO org_unit (code, name, level, parent_id, path, name_initials)
			SELECT ?, ?, ?, p.id, p.path || ? || '/', ? FROM org_unit p WHERE p.code = ?
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_initials = EXCLUDED.name_initials,
			       updated_at = now()
			 WHERE org_unit.name IS DISTINCT FROM EXCLUDED.name
			""";

	@Override
	public @Nullable MigrationVersion getVersion() {
		return null;
	}

	@Override
	public String getDescription() {
		return "seed org hierarchy";
	}

	@Override
	public Integer getChecksum() {
		CRC32 crc = new CRC32();
		for (String file : SEED_FILES) {
			crc.update(read(file));
		}
		return (int) crc.getValue();
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		load(context.getConnection(), readRows());
	}

	static List<SeedRow> readRows() {
		List<SeedRow> rows = new ArrayList<>();
		for (String file : SEED_FILES) {
			String[] lines = new String(read(file), StandardCharsets.UTF_8).split("\\R");
			for (int i = 1; i < lines.length; i++) {
				if (lines[i].isBlank()) {
					continue;
				}
				String[] cells = lines[i].split(",", -1);
				if (cells.length != 4) {
					throw new IllegalStateException(file + " line " + (i + 1) + ": expected 4 columns");
				}
				rows.add(new SeedRow(cells[0].trim(), cells[1].trim(), cells[2].trim().toUpperCase(Locale.ROOT),
						cells[3].trim()));
			}
		}
		rows.sort(Comparator.comparingInt(SeedRow::depth));
		return rows;
	}

	/** Upserts every row, parents before children. Returns the number of rows changed. */
	static int load(Connection connection, List<SeedRow> rows) throws SQLException {
		int changed = 0;
		try (PreparedStatement root = connection.prepareStatement(UPSERT_ROOT);
				PreparedStatement child = connection.prepareStatement(UPSERT_CHILD)) {
			int depth = -1;
			for (SeedRow row : rows) {
				if (row.depth() != depth) {
					changed += sum(child.executeBatch());
					depth = row.depth();
				}
				if (row.level().equals("CITY")) {
					root.setString(1, row.code());
					root.setString(2, row.name());
					root.setString(3, row.code());
					root.setString(4, PinyinInitials.of(row.name()));
					changed += root.executeUpdate();
				}
				else {
					child.setString(1, row.code());
					child.setString(2, row.name());
					child.setString(3, row.level());
					child.setString(4, row.code());
					child.setString(5, PinyinInitials.of(row.name()));
					child.setString(6, row.parentCode());
					child.addBatch();
				}
			}
			changed += sum(child.executeBatch());
		}
		return changed;
	}

	private static int sum(int[] counts) {
		int total = 0;
		for (int count : counts) {
			total += Math.max(count, 0);
		}
		return total;
	}

	private static byte[] read(String file) {
		try (InputStream in = new ClassPathResource(file).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Seed file " + file + " missing from the classpath", ex);
		}
	}

	record SeedRow(String code, String name, String level, String parentCode) {

		int depth() {
			return switch (this.level) {
				case "CITY" -> 0;
				case "COUNTY", "DEPARTMENT" -> 1;
				case "TOWN" -> 2;
				case "VILLAGE" -> 3;
				default -> throw new IllegalStateException("Unknown level " + this.level + " for " + this.code);
			};
		}

	}

}
