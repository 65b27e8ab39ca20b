package cn.luohe.grassroots.common.sheet;

import java.util.List;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.jspecify.annotations.Nullable;

/**
 * One sheet of a {@link Workbook}, written top to bottom: numbers become numeric cells,
 * null an empty cell, anything else its text.
 */
public final class SheetWriter {

	private final SXSSFSheet sheet;

	private int next;

	SheetWriter(SXSSFSheet sheet) {
		this.sheet = sheet;
	}

	/** Appends a row of {@code cells}. */
	public SheetWriter row(List<?> cells) {
		return row(cells, null);
	}

	/** Appends a row of {@code cells}, each in {@code style} when one is given. */
	public SheetWriter row(List<?> cells, @Nullable CellStyle style) {
		Row row = this.sheet.createRow(this.next++);
		for (int i = 0; i < cells.size(); i++) {
			Object value = cells.get(i);
			Cell cell = row.createCell(i);
			if (value instanceof Number number) {
				cell.setCellValue(number.doubleValue());
			}
			else if (value != null) {
				cell.setCellValue(value.toString());
			}
			if (style != null) {
				cell.setCellStyle(style);
			}
		}
		return this;
	}

	/**
	 * Appends a row of {@code cells}, each in the style at its index in {@code styles}
	 * (none where null); cells without a value but with a style are written empty, so the
	 * borders of a merged range show on every cell of it.
	 */
	public SheetWriter styledRow(List<?> cells, List<? extends @Nullable CellStyle> styles) {
		Row row = this.sheet.createRow(this.next++);
		for (int i = 0; i < Math.max(cells.size(), styles.size()); i++) {
			Object value = (i < cells.size()) ? cells.get(i) : null;
			CellStyle style = (i < styles.size()) ? styles.get(i) : null;
			if (value == null && style == null) {
				continue;
			}
			Cell cell = row.createCell(i);
			if (value instanceof Number number) {
				cell.setCellValue(number.doubleValue());
			}
			else if (value != null) {
				cell.setCellValue(value.toString());
			}
			if (style != null) {
				cell.setCellStyle(style);
			}
		}
		return this;
	}

	/** Sets the height of the last row written, in points. */
	public SheetWriter height(float points) {
		this.sheet.getRow(this.next - 1).setHeightInPoints(points);
		return this;
	}

	/**
	 * Merges the cells of rows {@code firstRow..lastRow} and columns
	 * {@code firstColumn..lastColumn} (0-based, inclusive): a form's title or a group
	 * heading over several columns.
	 */
	public SheetWriter merge(int firstRow, int lastRow, int firstColumn, int lastColumn) {
		this.sheet.addMergedRegionUnsafe(new CellRangeAddress(firstRow, lastRow, firstColumn, lastColumn));
		return this;
	}

	/**
	 * Sets a column's width in characters (a Chinese character counts about two).
	 */
	public SheetWriter columnWidth(int column, int characters) {
		this.sheet.setColumnWidth(column, Math.min(255, characters) * 256);
		return this;
	}

	/** The index of the next row to be written (the rows written so far). */
	public int rowCount() {
		return this.next;
	}

}
