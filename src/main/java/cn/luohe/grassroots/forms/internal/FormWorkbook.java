package cn.luohe.grassroots.forms.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.internal.FormKind.FormColumn;
import cn.luohe.grassroots.forms.internal.FormSubmissions.CityList;
import cn.luohe.grassroots.forms.internal.FormSubmissions.UnitRow;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.jspecify.annotations.Nullable;

/**
 * A form as the paper form lays it out (附件4, 附件5), written with Apache POI's streaming
 * SXSSF workbook: the Chinese title across the form, the 填表部室 / 填表人 / 填表时间 line, the
 * header rows with their merged cells, then one row per name with the columns side by
 * side. The whole city is one sheet per filler unit after a summary sheet. Blocking
 * (POI's temporary files): callers run it on a worker thread, never on an event loop.
 */
final class FormWorkbook {

	static final DateTimeFormatter PAPER_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

	/** Rows SXSSF keeps in memory before flushing them to its temporary file. */
	private static final int WINDOW = 200;

	private FormWorkbook() {
	}

	/** One unit's form on one sheet. */
	static byte[] unit(FilledForm form) {
		return write(workbook -> {
			Styles styles = new Styles(workbook);
			formSheet(workbook, styles, form, new HashSet<>());
		});
	}

	/** The summary, then one sheet per filler unit. */
	static byte[] city(FormKind kind, CityList list, List<FilledForm> forms) {
		return write(workbook -> {
			Styles styles = new Styles(workbook);
			Set<String> names = new HashSet<>();
			summarySheet(workbook, styles, kind, list, names);
			for (FilledForm form : forms) {
				formSheet(workbook, styles, form, names);
			}
		});
	}

	/** The text of one line in its cell: the name, the day, the filler's note. */
	static String lineText(Form.Line line) {
		StringBuilder text = new StringBuilder(line.name());
		LocalDate date = line.date();
		if (date != null) {
			text.append('（').append(date).append('）');
		}
		String note = line.note();
		if (note != null) {
			text.append("；备注：").append(note);
		}
		return text.toString();
	}

	static String statusText(FormStatus status) {
		return switch (status) {
			case DRAFT -> "未提交";
			case SUBMITTED -> "已按时提交";
			case LATE -> "逾期提交";
			case MISSING -> "逾期未提交";
		};
	}

	private static void formSheet(SXSSFWorkbook workbook, Styles styles, FilledForm filled, Set<String> names) {
		Form form = filled.form();
		FormKind kind = form.formKind();
		Sheet sheet = workbook.createSheet(sheetName(form.unitName(), names));
		boolean school = kind == FormKind.SCHOOL;
		int width = school ? kind.columns().size() + 1 : kind.columns().size();
		for (int c = 0; c < width; c++) {
			sheet.setColumnWidth(c, (school && c == 0) ? 8 * 256 : 30 * 256);
		}
		Row title = sheet.createRow(0);
		title.setHeightInPoints(30);
		merged(sheet, title, 0, 0, 0, width - 1, kind.title(), styles.title);
		Row filler = sheet.createRow(1);
		String filledOn = "填表时间：" + PAPER_DATE.format(filled.filledOn());
		if (school) {
			merged(sheet, filler, 1, 1, 0, 2, "填表人：" + filled.filledBy(), styles.line);
			merged(sheet, filler, 1, 1, 3, width - 1, filledOn, styles.lineRight);
		}
		else {
			merged(sheet, filler, 1, 1, 0, 0, "填表部室：" + form.unitName(), styles.line);
			merged(sheet, filler, 1, 1, 1, 2, "填表人：" + filled.filledBy(), styles.line);
			merged(sheet, filler, 1, 1, 3, width - 1, filledOn, styles.lineRight);
		}
		List<Form.Column> columns = form.columns();
		int firstData;
		if (school) {
			Row top = sheet.createRow(2);
			Row sub = sheet.createRow(3);
			merged(sheet, top, 2, 2, 0, 1, columns.get(0).title(), styles.header);
			cell(sub, 0, "数量", styles.header);
			cell(sub, 1, "名称", styles.header);
			for (int i = 1; i < columns.size(); i++) {
				merged(sheet, top, 2, 3, i + 1, i + 1, columns.get(i).title(), styles.header);
				cell(sub, i + 1, null, styles.header);
			}
			firstData = 4;
		}
		else {
			Row header = sheet.createRow(2);
			header.setHeightInPoints(36);
			for (int i = 0; i < columns.size(); i++) {
				cell(header, i, columns.get(i).title(), styles.header);
			}
			firstData = 3;
		}
		int rows = Math.max(1, columns.stream().mapToInt(c -> c.rows().size()).max().orElse(0));
		for (int r = 0; r < rows; r++) {
			Row row = sheet.createRow(firstData + r);
			int offset = 0;
			if (school) {
				offset = 1;
				if (r == 0) {
					Cell count = row.createCell(0);
					count.setCellValue(columns.get(0).rows().size());
					count.setCellStyle(styles.count);
				}
				else {
					cell(row, 0, null, styles.count);
				}
			}
			for (int i = 0; i < columns.size(); i++) {
				List<Form.Line> lines = columns.get(i).rows();
				cell(row, i + offset, (r < lines.size()) ? lineText(lines.get(r)) : null, styles.body);
			}
		}
		if (school && rows > 1) {
			sheet.addMergedRegion(new CellRangeAddress(firstData, firstData + rows - 1, 0, 0));
		}
	}

	private static void summarySheet(SXSSFWorkbook workbook, Styles styles, FormKind kind, CityList list,
			Set<String> names) {
		Sheet sheet = workbook.createSheet(sheetName("汇总", names));
		List<FormColumn> columns = kind.columns();
		int width = 3 + columns.size();
		sheet.setColumnWidth(0, 18 * 256);
		sheet.setColumnWidth(1, 12 * 256);
		sheet.setColumnWidth(2, 20 * 256);
		for (int c = 3; c < width; c++) {
			sheet.setColumnWidth(c, 16 * 256);
		}
		merged(sheet, sheet.createRow(0), 0, 0, 0, width - 1, kind.title() + "（汇总）", styles.title);
		merged(sheet, sheet.createRow(1), 1, 1, 0, width - 1, "月份：" + list.month(), styles.line);
		Row header = sheet.createRow(2);
		header.setHeightInPoints(36);
		cell(header, 0, "填表单位", styles.header);
		cell(header, 1, "状态", styles.header);
		cell(header, 2, "提交时间", styles.header);
		for (int i = 0; i < columns.size(); i++) {
			cell(header, 3 + i, columns.get(i).title(), styles.header);
		}
		int r = 3;
		for (UnitRow unit : list.items()) {
			Map<String, Integer> counts = unit.counts().get(kind.key());
			if (counts == null) {
				continue;
			}
			Row row = sheet.createRow(r++);
			cell(row, 0, unit.unitName(), styles.body);
			cell(row, 1, statusText(unit.status()), styles.body);
			Instant submittedAt = unit.submittedAt();
			cell(row, 2,
					(submittedAt != null) ? submittedAt.atZone(BusinessClock.ZONE).toLocalDateTime().toString() : null,
					styles.body);
			counts(row, columns, counts, styles);
		}
		totalsRow(sheet.createRow(r++), "合计", columns, list.totals().get(kind.key()), styles);
		totalsRow(sheet.createRow(r++), "上月合计", columns, list.previousTotals().get(kind.key()), styles);
		totalsRow(sheet.createRow(r), "比上月增减", columns, list.difference().get(kind.key()), styles);
	}

	private static void totalsRow(Row row, String label, List<FormColumn> columns, Map<String, Integer> counts,
			Styles styles) {
		cell(row, 0, label, styles.header);
		cell(row, 1, null, styles.body);
		cell(row, 2, null, styles.body);
		counts(row, columns, counts, styles);
	}

	private static void counts(Row row, List<FormColumn> columns, Map<String, Integer> counts, Styles styles) {
		for (int i = 0; i < columns.size(); i++) {
			Cell cell = row.createCell(3 + i);
			cell.setCellValue(counts.getOrDefault(columns.get(i).key(), 0));
			cell.setCellStyle(styles.count);
		}
	}

	/** Writes {@code text} into the first cell of a merged range, every cell styled. */
	private static void merged(Sheet sheet, Row row, int firstRow, int lastRow, int firstColumn, int lastColumn,
			String text, CellStyle style) {
		cell(row, firstColumn, text, style);
		for (int c = firstColumn + 1; c <= lastColumn; c++) {
			cell(row, c, null, style);
		}
		if (firstRow != lastRow || firstColumn != lastColumn) {
			sheet.addMergedRegion(new CellRangeAddress(firstRow, lastRow, firstColumn, lastColumn));
		}
	}

	private static void cell(Row row, int column, @Nullable String text, CellStyle style) {
		Cell cell = row.createCell(column);
		if (text != null) {
			cell.setCellValue(text);
		}
		cell.setCellStyle(style);
	}

	private static String sheetName(String wanted, Set<String> taken) {
		String name = WorkbookUtil.createSafeSheetName(wanted);
		for (int i = 2; !taken.add(name); i++) {
			name = WorkbookUtil.createSafeSheetName(wanted + " " + i);
		}
		return name;
	}

	private static byte[] write(WorkbookContent content) {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(WINDOW)) {
			content.fill(workbook);
			ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
			workbook.write(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@FunctionalInterface
	private interface WorkbookContent {

		void fill(SXSSFWorkbook workbook);

	}

	/** The few styles of the paper form, created once per workbook. */
	private static final class Styles {

		final CellStyle title;

		final CellStyle line;

		final CellStyle lineRight;

		final CellStyle header;

		final CellStyle body;

		final CellStyle count;

		Styles(SXSSFWorkbook workbook) {
			Font big = workbook.createFont();
			big.setBold(true);
			big.setFontHeightInPoints((short) 16);
			Font bold = workbook.createFont();
			bold.setBold(true);
			this.title = workbook.createCellStyle();
			this.title.setFont(big);
			this.title.setAlignment(HorizontalAlignment.CENTER);
			this.title.setVerticalAlignment(VerticalAlignment.CENTER);
			this.line = workbook.createCellStyle();
			this.line.setAlignment(HorizontalAlignment.LEFT);
			this.lineRight = workbook.createCellStyle();
			this.lineRight.setAlignment(HorizontalAlignment.RIGHT);
			this.header = bordered(workbook);
			this.header.setFont(bold);
			this.header.setAlignment(HorizontalAlignment.CENTER);
			this.body = bordered(workbook);
			this.body.setAlignment(HorizontalAlignment.LEFT);
			this.count = bordered(workbook);
			this.count.setAlignment(HorizontalAlignment.CENTER);
		}

		private static CellStyle bordered(SXSSFWorkbook workbook) {
			CellStyle style = workbook.createCellStyle();
			style.setBorderTop(BorderStyle.THIN);
			style.setBorderBottom(BorderStyle.THIN);
			style.setBorderLeft(BorderStyle.THIN);
			style.setBorderRight(BorderStyle.THIN);
			style.setWrapText(true);
			style.setVerticalAlignment(VerticalAlignment.CENTER);
			return style;
		}

	}

}
