package cn.luohe.grassroots.forms.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.common.sheet.SheetWriter;
import cn.luohe.grassroots.common.sheet.Workbook;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.forms.internal.FormKind.FormColumn;
import cn.luohe.grassroots.forms.internal.FormSubmissions.CityList;
import cn.luohe.grassroots.forms.internal.FormSubmissions.UnitRow;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.WorkbookUtil;
import org.jspecify.annotations.Nullable;

/**
 * A form as the paper form lays it out (附件4, 附件5), written through the shared
 * {@link Workbook} (Apache POI's streaming SXSSF): the Chinese title across the form, the
 * 填表部室 / 填表人 / 填表时间 line, the header rows with their merged cells, then one row per name
 * with the columns side by side. The whole city is one sheet per filler unit after a
 * summary sheet. Blocking (POI's temporary files): callers run it on a worker thread,
 * never on an event loop.
 */
final class FormWorkbook {

	static final DateTimeFormatter PAPER_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

	private FormWorkbook() {
	}

	/** One unit's form on one sheet. */
	static byte[] unit(FilledForm form) {
		try (Workbook workbook = new Workbook()) {
			formSheet(workbook, new Styles(workbook), form, new HashSet<>());
			return bytes(workbook);
		}
	}

	/** The summary, then one sheet per filler unit. */
	static byte[] city(FormKind kind, CityList list, List<FilledForm> forms) {
		try (Workbook workbook = new Workbook()) {
			Styles styles = new Styles(workbook);
			Set<String> names = new HashSet<>();
			summarySheet(workbook, styles, kind, list, names);
			for (FilledForm form : forms) {
				formSheet(workbook, styles, form, names);
			}
			return bytes(workbook);
		}
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

	private static void formSheet(Workbook workbook, Styles styles, FilledForm filled, Set<String> names) {
		Form form = filled.form();
		FormKind kind = form.formKind();
		SheetWriter sheet = workbook.sheet(sheetName(form.unitName(), names));
		boolean school = kind == FormKind.SCHOOL;
		int width = school ? kind.columns().size() + 1 : kind.columns().size();
		for (int c = 0; c < width; c++) {
			sheet.columnWidth(c, (school && c == 0) ? 8 : 30);
		}
		// title, merged across the form
		sheet.styledRow(List.of(kind.title()), repeat(styles.title, width)).height(30).merge(0, 0, 0, width - 1);
		// 填表部室 / 填表人 / 填表时间
		String filledBy = "填表人：" + filled.filledBy();
		String filledOn = "填表时间：" + PAPER_DATE.format(filled.filledOn());
		List<@Nullable Object> line = cells(width);
		List<@Nullable CellStyle> lineStyles = new ArrayList<>(repeat(styles.line, width));
		for (int c = 3; c < width; c++) {
			lineStyles.set(c, styles.lineRight);
		}
		if (school) {
			line.set(0, filledBy);
		}
		else {
			line.set(0, "填表部室：" + form.unitName());
			line.set(1, filledBy);
		}
		line.set(3, filledOn);
		sheet.styledRow(line, lineStyles);
		if (school) {
			sheet.merge(1, 1, 0, 2);
		}
		else {
			sheet.merge(1, 1, 1, 2);
		}
		sheet.merge(1, 1, 3, width - 1);
		// header rows
		List<Form.Column> columns = form.columns();
		if (school) {
			List<@Nullable Object> top = cells(width);
			top.set(0, columns.get(0).title());
			for (int i = 1; i < columns.size(); i++) {
				top.set(i + 1, columns.get(i).title());
			}
			List<@Nullable Object> sub = cells(width);
			sub.set(0, "数量");
			sub.set(1, "名称");
			sheet.styledRow(top, repeat(styles.header, width)).styledRow(sub, repeat(styles.header, width));
			sheet.merge(2, 2, 0, 1);
			for (int i = 1; i < columns.size(); i++) {
				sheet.merge(2, 3, i + 1, i + 1);
			}
		}
		else {
			sheet.styledRow(columns.stream().map(Form.Column::title).toList(), repeat(styles.header, width)).height(36);
		}
		// one row per name, the columns side by side; 附件4's 数量 once, merged down
		int firstData = sheet.rowCount();
		int rows = Math.max(1, columns.stream().mapToInt(c -> c.rows().size()).max().orElse(0));
		int offset = school ? 1 : 0;
		List<@Nullable CellStyle> bodyStyles = new ArrayList<>(repeat(styles.body, width));
		if (school) {
			bodyStyles.set(0, styles.count);
		}
		for (int r = 0; r < rows; r++) {
			List<@Nullable Object> row = cells(width);
			if (school && r == 0) {
				row.set(0, columns.get(0).rows().size());
			}
			for (int i = 0; i < columns.size(); i++) {
				List<Form.Line> lines = columns.get(i).rows();
				if (r < lines.size()) {
					row.set(i + offset, lineText(lines.get(r)));
				}
			}
			sheet.styledRow(row, bodyStyles);
		}
		if (school && rows > 1) {
			sheet.merge(firstData, firstData + rows - 1, 0, 0);
		}
	}

	private static void summarySheet(Workbook workbook, Styles styles, FormKind kind, CityList list,
			Set<String> names) {
		SheetWriter sheet = workbook.sheet(sheetName("汇总", names));
		List<FormColumn> columns = kind.columns();
		int width = 3 + columns.size();
		sheet.columnWidth(0, 18).columnWidth(1, 12).columnWidth(2, 20);
		for (int c = 3; c < width; c++) {
			sheet.columnWidth(c, 16);
		}
		sheet.styledRow(List.of(kind.title() + "（汇总）"), repeat(styles.title, width))
			.height(30)
			.merge(0, 0, 0, width - 1);
		sheet.styledRow(List.of("月份：" + list.month()), repeat(styles.line, width)).merge(1, 1, 0, width - 1);
		List<Object> header = new ArrayList<>(List.of("填表单位", "状态", "提交时间"));
		columns.forEach(column -> header.add(column.title()));
		sheet.styledRow(header, repeat(styles.header, width)).height(36);
		List<@Nullable CellStyle> rowStyles = new ArrayList<>(repeat(styles.body, 3));
		rowStyles.addAll(repeat(styles.count, columns.size()));
		List<@Nullable CellStyle> totalStyles = new ArrayList<>(rowStyles);
		totalStyles.set(0, styles.header);
		for (UnitRow unit : list.items()) {
			Map<String, Integer> counts = unit.counts().get(kind.key());
			if (counts == null) {
				continue;
			}
			Instant submittedAt = unit.submittedAt();
			List<@Nullable Object> row = new ArrayList<>();
			row.add(unit.unitName());
			row.add(statusText(unit.status()));
			row.add((submittedAt != null) ? submittedAt.atZone(BusinessClock.ZONE).toLocalDateTime().toString() : null);
			columns.forEach(column -> row.add(counts.getOrDefault(column.key(), 0)));
			sheet.styledRow(row, rowStyles);
		}
		sheet.styledRow(totals("合计", columns, list.totals().getOrDefault(kind.key(), Map.of())), totalStyles);
		sheet.styledRow(totals("上月合计", columns, list.previousTotals().getOrDefault(kind.key(), Map.of())), totalStyles);
		sheet.styledRow(totals("比上月增减", columns, list.difference().getOrDefault(kind.key(), Map.of())), totalStyles);
	}

	private static List<@Nullable Object> totals(String label, List<FormColumn> columns, Map<String, Integer> counts) {
		List<@Nullable Object> row = new ArrayList<>();
		row.add(label);
		row.add(null);
		row.add(null);
		columns.forEach(column -> row.add(counts.getOrDefault(column.key(), 0)));
		return row;
	}

	private static List<@Nullable Object> cells(int width) {
		return new ArrayList<>(Collections.nCopies(width, null));
	}

	private static List<@Nullable CellStyle> repeat(CellStyle style, int width) {
		return Collections.nCopies(width, style);
	}

	private static String sheetName(String wanted, Set<String> taken) {
		String name = WorkbookUtil.createSafeSheetName(wanted);
		for (int i = 2; !taken.add(name); i++) {
			name = WorkbookUtil.createSafeSheetName(wanted + " " + i);
		}
		return name;
	}

	private static byte[] bytes(Workbook workbook) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
		workbook.writeTo(out);
		return out.toByteArray();
	}

	/** The few styles of the paper form, created once per workbook. */
	private static final class Styles {

		final CellStyle title;

		final CellStyle line;

		final CellStyle lineRight;

		final CellStyle header;

		final CellStyle body;

		final CellStyle count;

		Styles(Workbook workbook) {
			Font big = workbook.font();
			big.setBold(true);
			big.setFontHeightInPoints((short) 16);
			Font bold = workbook.font();
			bold.setBold(true);
			this.title = workbook.style();
			this.title.setFont(big);
			this.title.setAlignment(HorizontalAlignment.CENTER);
			this.title.setVerticalAlignment(VerticalAlignment.CENTER);
			this.line = workbook.style();
			this.line.setAlignment(HorizontalAlignment.LEFT);
			this.lineRight = workbook.style();
			this.lineRight.setAlignment(HorizontalAlignment.RIGHT);
			this.header = bordered(workbook);
			this.header.setFont(bold);
			this.header.setAlignment(HorizontalAlignment.CENTER);
			this.body = bordered(workbook);
			this.body.setAlignment(HorizontalAlignment.LEFT);
			this.count = bordered(workbook);
			this.count.setAlignment(HorizontalAlignment.CENTER);
		}

		private static CellStyle bordered(Workbook workbook) {
			CellStyle style = workbook.style();
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
