package cn.luohe.grassroots.ledger.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

import cn.luohe.grassroots.dashboard.api.Flag;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * The ledger as a workbook in the document's layout (领域类别｜主要内容｜完成时间｜责任单位｜ 团市委责任部室｜责任人,
 * the domain merged down its tasks) plus status and flag columns, and a second sheet with
 * one row per assignment. Written by Apache POI's streaming SXSSF (a kept library for
 * what the document needs: merged cells, wrapped text, column widths); CPU and file work,
 * so callers run it on a worker thread, never on an event loop.
 */
final class LedgerWorkbook {

	static final List<String> TASK_HEADER = List.of("领域类别", "主要内容", "完成时间", "责任单位", "团市委责任部室", "责任人", "完成情况", "旗帜");

	static final List<String> ASSIGNMENT_HEADER = List.of("领域类别", "主要内容", "完成时间", "责任单位", "团市委责任部室", "责任人", "状态",
			"进度(%)", "完成日期", "旗帜");

	private LedgerWorkbook() {
	}

	static byte[] write(Board board) {
		try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
			CellStyle wrapped = workbook.createCellStyle();
			wrapped.setWrapText(true);
			wrapped.setVerticalAlignment(VerticalAlignment.CENTER);
			CellStyle title = workbook.createCellStyle();
			Font bold = workbook.createFont();
			bold.setBold(true);
			bold.setFontHeightInPoints((short) 14);
			title.setFont(bold);
			title.setAlignment(HorizontalAlignment.CENTER);
			writeTasks(workbook.createSheet("台账"), board, wrapped, title);
			writeAssignments(workbook.createSheet("责任单位进度"), board, wrapped);
			ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
			workbook.write(out);
			workbook.dispose();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeTasks(Sheet sheet, Board board, CellStyle wrapped, CellStyle title) {
		int[] widths = { 14, 60, 12, 22, 14, 10, 14, 8 };
		for (int i = 0; i < widths.length; i++) {
			sheet.setColumnWidth(i, widths[i] * 256 * 2);
		}
		Row heading = sheet.createRow(0);
		heading.createCell(0).setCellValue(board.ledger().title());
		heading.getCell(0).setCellStyle(title);
		sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, TASK_HEADER.size() - 1));
		row(sheet, 1, TASK_HEADER, wrapped);
		int rowIndex = 2;
		int domainStart = 2;
		String domain = null;
		for (Task task : board.tasks()) {
			if (!task.domain().equals(domain)) {
				merge(sheet, domainStart, rowIndex - 1);
				domain = task.domain();
				domainStart = rowIndex;
			}
			List<Assignment> assignments = board.of(task.id());
			long done = assignments.stream().filter(a -> a.status() == AssignmentStatus.DONE).count();
			int index = rowIndex++;
			// the domain is written once, in the first cell of its merged range
			row(sheet, index,
					List.of((index == domainStart) ? task.domain() : "", task.content(), monthText(task),
							String.join("\n", task.responsibleUnits()), task.department(), task.person(),
							"完成 " + done + "/" + assignments.size(), flagText(board.taskFlag(task.id()))),
					wrapped);
		}
		merge(sheet, domainStart, rowIndex - 1);
	}

	private static void writeAssignments(Sheet sheet, Board board, CellStyle wrapped) {
		int[] widths = { 14, 60, 12, 18, 14, 10, 10, 8, 12, 8 };
		for (int i = 0; i < widths.length; i++) {
			sheet.setColumnWidth(i, widths[i] * 256 * 2);
		}
		row(sheet, 0, ASSIGNMENT_HEADER, wrapped);
		int rowIndex = 1;
		for (Assignment a : board.assignments()) {
			Row row = row(sheet, rowIndex++, List.of(a.task().domain(), a.task().content(), monthText(a.task()),
					a.unitName(), a.task().department(), a.task().person(), statusText(a.status())), wrapped);
			row.createCell(7).setCellValue(a.progress());
			LocalDate doneOn = a.doneOn();
			row.createCell(8).setCellValue((doneOn != null) ? doneOn.toString() : "");
			row.createCell(9).setCellValue(flagText(a.flag()));
		}
	}

	private static Row row(Sheet sheet, int index, List<String> cells, CellStyle style) {
		Row row = sheet.createRow(index);
		for (int i = 0; i < cells.size(); i++) {
			row.createCell(i).setCellValue(cells.get(i));
			row.getCell(i).setCellStyle(style);
		}
		return row;
	}

	private static void merge(Sheet sheet, int first, int last) {
		if (last > first) {
			sheet.addMergedRegion(new CellRangeAddress(first, last, 0, 0));
		}
	}

	static String monthText(Task task) {
		return task.deadlineMonth().getYear() + "年" + task.deadlineMonth().getMonthValue() + "月";
	}

	static String statusText(AssignmentStatus status) {
		return switch (status) {
			case NOT_STARTED -> "未开始";
			case IN_PROGRESS -> "推进中";
			case DONE -> "已完成";
			case CANNOT_DO -> "无法完成";
		};
	}

	static String flagText(Flag flag) {
		return switch (flag) {
			case RED -> "红旗";
			case YELLOW -> "黄旗";
			case BLACK -> "黑旗";
			case NONE -> "—";
		};
	}

}
