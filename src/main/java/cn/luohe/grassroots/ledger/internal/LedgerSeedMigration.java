package cn.luohe.grassroots.ledger.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import org.flywaydb.core.api.MigrationVersion;
import org.jspecify.annotations.Nullable;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Seeds the 2020 ledger (附件3) from {@code seeds/ledger-2020.csv} as a Flyway repeatable
 * migration, so it runs after the org tree's (repeatables run in the order of their
 * descriptions: "seed org hierarchy" before "seed work ledger"), in the migration
 * transaction, before the service accepts requests. The ledger is written only when the
 * year has none (a city admin's later edits are never overwritten); the fan-out into
 * assignments adds only what is missing.
 */
@Component
class LedgerSeedMigration implements JavaMigration {

	static final String SEED_FILE = "seeds/ledger-2020.csv";

	static final int SEED_YEAR = 2020;

	/**
	 * The document was issued after May 2020 (附件1's baselines are May's): expectations
	 * count from June.
	 */
	static final LocalDate SEED_STARTS_ON = LocalDate.of(2020, 6, 1);

	@Override
	public @Nullable MigrationVersion getVersion() {
		return null;
	}

	@Override
	public String getDescription() {
		return "seed work ledger 2020";
	}

	@Override
	public Integer getChecksum() {
		CRC32 crc = new CRC32();
		crc.update(read());
		return (int) crc.getValue();
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws SQLException {
		Connection connection = context.getConnection();
		if (!exists(connection)) {
			insert(connection, rows());
		}
		try (PreparedStatement fanOut = connection.prepareStatement(AssignmentFanOut.sql("?"))) {
			fanOut.setInt(1, SEED_YEAR);
			fanOut.executeUpdate();
		}
	}

	private static boolean exists(Connection connection) throws SQLException {
		try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM ledger WHERE year = ?")) {
			select.setInt(1, SEED_YEAR);
			try (ResultSet rows = select.executeQuery()) {
				return rows.next();
			}
		}
	}

	private static void insert(Connection connection, List<SeedTask> tasks) throws SQLException {
		try (PreparedStatement ledger = connection
			.prepareStatement("INSERT INTO ledger (year, title, starts_on, created_at) VALUES (?, ?, ?, now())")) {
			ledger.setInt(1, SEED_YEAR);
			ledger.setString(2, "2020年全市团的基层建设基石工程工作台账");
			ledger.setDate(3, Date.valueOf(SEED_STARTS_ON));
			ledger.executeUpdate();
		}
		try (PreparedStatement task = connection.prepareStatement("""
				INSERT INTO ledger_task (year, position, domain, content, deadline_month, responsible_units,
				                         department, department_code, person, indicators, target,
				                         small_unit_target, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
				""")) {
			for (SeedTask row : tasks) {
				task.setInt(1, SEED_YEAR);
				task.setInt(2, row.position());
				task.setString(3, row.domain());
				task.setString(4, row.content());
				task.setDate(5, Date.valueOf(row.deadline().atDay(1)));
				task.setArray(6, connection.createArrayOf("text", row.units().toArray()));
				task.setString(7, row.department());
				task.setString(8, row.departmentCode());
				task.setString(9, row.person());
				task.setArray(10, connection.createArrayOf("text", row.indicators().toArray()));
				setInt(task, 11, row.target());
				setInt(task, 12, row.smallUnitTarget());
				task.addBatch();
			}
			task.executeBatch();
		}
	}

	private static void setInt(PreparedStatement statement, int index, @Nullable Integer value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.INTEGER);
		}
		else {
			statement.setInt(index, value);
		}
	}

	static List<SeedTask> rows() {
		String[] lines = new String(read(), StandardCharsets.UTF_8).split("\\R");
		List<SeedTask> rows = new ArrayList<>();
		for (int i = 1; i < lines.length; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			String[] cells = lines[i].split(",", -1);
			if (cells.length != 11) {
				throw new IllegalStateException(SEED_FILE + " line " + (i + 1) + ": expected 11 columns");
			}
			rows.add(new SeedTask(Integer.parseInt(cells[0]), cells[1], cells[2], YearMonth.parse(cells[3]),
					List.of(cells[4].split("\\|")), cells[5], cells[6], cells[7],
					cells[8].isEmpty() ? List.of() : List.of(cells[8].split("\\|")),
					cells[9].isEmpty() ? null : Integer.valueOf(cells[9]),
					cells[10].isEmpty() ? null : Integer.valueOf(cells[10])));
		}
		return rows;
	}

	private static byte[] read() {
		try (InputStream in = new ClassPathResource(SEED_FILE).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Seed file " + SEED_FILE + " missing from the classpath", ex);
		}
	}

	record SeedTask(int position, String domain, String content, YearMonth deadline, List<String> units,
			String department, String departmentCode, String person, List<String> indicators, @Nullable Integer target,
			@Nullable Integer smallUnitTarget) {
	}

}
