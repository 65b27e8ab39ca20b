package cn.luohe.grassroots.forms.internal;

import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One filled form of a unit and month: its columns in the paper form's order, each a list
 * of lines. This is also what a submission freezes, as JSON.
 */
public record Form(String kind, String month, long unitId, String unitName, List<Column> columns) {

	public FormKind formKind() {
		return FormKind.ofKey(this.kind).orElseThrow();
	}

	/** Lines per column key, in column order. */
	public int count(String columnKey) {
		return this.columns.stream().filter(c -> c.key().equals(columnKey)).mapToInt(c -> c.rows().size()).sum();
	}

	/** One column with its lines. */
	public record Column(String key, String title, List<Line> rows) {
	}

	/**
	 * One line: a name with the date it happened, the record it comes from (opaque), and
	 * the filler's note on it.
	 */
	public record Line(String name, @Nullable LocalDate date, String recordRef, @Nullable String note) {
	}

}
