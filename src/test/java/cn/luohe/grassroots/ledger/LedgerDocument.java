package cn.luohe.grassroots.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 附件3 of the source document, read from its text (one cell per tab-led line, six cells a
 * row, cells continuing on lines without a tab) with the table's blank cells inherited
 * from the row above, as the table means. Independent of the service's seed file: the
 * test compares the two.
 */
public final class LedgerDocument {

	private LedgerDocument() {
	}

	/**
	 * The 29 rows, each: domain, content, deadline (2020年10月), units, department, person.
	 */
	public static List<Row> rows() {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = null;
		for (String line : text().split("\\R")) {
			if (line.startsWith("\t")) {
				if (cell != null) {
					cells.add(cell.toString().strip());
				}
				cell = new StringBuilder(line.substring(1));
			}
			else if (cell != null) {
				cell.append('\n').append(line);
			}
		}
		cells.add(cell.toString().strip());
		List<Row> rows = new ArrayList<>();
		Row above = null;
		// the first six cells are the header
		for (int i = 6; i + 6 <= cells.size(); i += 6) {
			List<String> row = cells.subList(i, i + 6);
			Row current = new Row(inherit(layout(row.get(0)), above, Row::domain),
					row.get(1).replace("[bookmark: _GoBack]", "").strip(), inherit(row.get(2), above, Row::deadline),
					row.get(3).isBlank() ? above.units() : units(row.get(3)),
					inherit(row.get(4), above, Row::department), inherit(layout(row.get(5)), above, Row::person));
			rows.add(current);
			above = current;
		}
		return rows;
	}

	/** Line wraps and justification spaces inside a short cell are layout, not text. */
	private static String layout(String cell) {
		return cell.replaceAll("\\s+", "");
	}

	/**
	 * The units of a 责任单位 cell: one per line, and a line may run two names together
	 * (漯河食品学院团委各县区团委): every unit name ends in 委 or 位.
	 */
	private static List<String> units(String cell) {
		return Arrays.stream(cell.split("\\R"))
			.map(String::strip)
			.filter(line -> !line.isEmpty())
			.flatMap(line -> Arrays.stream(line.split("(?<=[委位])")))
			.toList();
	}

	private static String inherit(String cell, Row above, java.util.function.Function<Row, String> field) {
		return cell.isBlank() ? field.apply(above) : cell.strip();
	}

	private static String text() {
		try (InputStream in = LedgerDocument.class.getResourceAsStream("/ledger/attachment3-2020.txt")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public record Row(String domain, String content, String deadline, List<String> units, String department,
			String person) {
	}

}
