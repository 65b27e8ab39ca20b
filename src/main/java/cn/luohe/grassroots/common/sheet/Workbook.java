package cn.luohe.grassroots.common.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * An XLSX workbook written row by row through Apache POI's SXSSF: only the last
 * {@value #ROWS_IN_MEMORY} rows of a sheet stay in memory, the rest are flushed to a
 * compressed temporary file. Its calls do file I/O: use it on a worker thread
 * ({@code Schedulers.boundedElastic()}), never on an event loop. Closing it deletes the
 * temporary files.
 *
 * <p>
 * Chosen over a hand-written writer (and over fastexcel): POI is the library that reads
 * the exports back in the tests, and its styles, merged regions and column widths are
 * what the monthly forms' Chinese layouts will need ({@link SheetWriter#merge},
 * {@link SheetWriter#columnWidth}, {@link #boldStyle()}).
 */
public final class Workbook implements AutoCloseable {

	static final int ROWS_IN_MEMORY = 100;

	private final SXSSFWorkbook workbook;

	public Workbook() {
		this.workbook = new SXSSFWorkbook(ROWS_IN_MEMORY);
		this.workbook.setCompressTempFiles(true);
	}

	/** Adds a sheet named {@code title} (at most 31 characters, as Excel allows). */
	public SheetWriter sheet(String title) {
		SXSSFSheet sheet = this.workbook.createSheet(title);
		return new SheetWriter(sheet);
	}

	/** A bold cell style, for headers and titles. */
	public CellStyle boldStyle() {
		Font font = this.workbook.createFont();
		font.setBold(true);
		CellStyle style = this.workbook.createCellStyle();
		style.setFont(font);
		return style;
	}

	/**
	 * A style that wraps its text at line breaks and the column's width, centred
	 * vertically: the cells of a document's table (a list of units, a long task).
	 */
	public CellStyle wrappedStyle() {
		CellStyle style = this.workbook.createCellStyle();
		style.setWrapText(true);
		style.setVerticalAlignment(VerticalAlignment.CENTER);
		return style;
	}

	/**
	 * A new cell style, for layouts that style cells one by one (borders, alignment,
	 * wrapping: the monthly forms).
	 */
	public CellStyle style() {
		return this.workbook.createCellStyle();
	}

	/** A new font, for {@link #style()}. */
	public Font font() {
		return this.workbook.createFont();
	}

	/** Writes the whole workbook to {@code out} (which stays open). */
	public void writeTo(OutputStream out) {
		try {
			this.workbook.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.workbook.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			this.workbook.dispose();
		}
	}

}
