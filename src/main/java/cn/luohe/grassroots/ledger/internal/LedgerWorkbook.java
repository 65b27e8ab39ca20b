package cn.luohe.grassroots.ledger.internal;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import cn.luohe.grassroots.common.sheet.SheetWriter;
import cn.luohe.grassroots.common.sheet.Workbook;
import cn.luohe.grassroots.dashboard.api.Flag;
import org.apache.poi.ss.usermodel.CellStyle;

/**
 * The ledger as a workbook in the document's layout (领域类别｜主要内容｜完成时间｜责任单位｜ 团市委责任部室｜责任人,
 * the domain merged down its tasks) plus status and flag columns, and a second sheet with
 * one row per assignment. Written through the shared {@link Workbook} (POI's SXSSF): file
 * work, so callers run it on a worker thread, never on an event loop.
 */
final class LedgerWorkbook {

	static final List<String> TASK_HEADER = List.of("领域类别", "主要内容", "完成时间", "责任单位", "团市委责任部室", "责任人", "完成情况", "旗帜");

	static final List<String> ASSIGNMENT_HEADER = List.of("领域类别", "主要内容", "完成时间", "责任单位", "团市委责任部室", "责任人", "状态",
			"进度(%)", "完成日期", "旗帜");

	private LedgerWorkbook() {
	}

	static byte[] write(Board board) {
		try (Workbook workbook = new Workbook()) {
			CellStyle wrapped = workbook.wrappedStyle();
			writeTasks(workbook.sheet("台账"), board, wrapped, workbook.boldStyle());
			writeAssignments(workbook.sheet("责任单位进度"), board, wrapped);
			ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
			workbook.writeTo(out);
			return out.toByteArray();
		}
	}

	private static void writeTasks(SheetWriter sheet, Board board, CellStyle wrapped, CellStyle bold) {
		widths(sheet, 28, 120, 24, 44, 28, 20, 28, 16);
		sheet.row(List.of(board.ledger().title()), bold).merge(0, 0, 0, TASK_HEADER.size() - 1);
		sheet.row(TASK_HEADER, bold);
		int domainStart = sheet.rowCount();
		String domain = null;
		for (Task task : board.tasks()) {
			if (!task.domain().equals(domain)) {
				merge(sheet, domainStart, sheet.rowCount() - 1);
				domain = task.domain();
				domainStart = sheet.rowCount();
			}
			List<Assignment> assignments = board.of(task.id());
			long done = assignments.stream().filter(a -> a.status() == AssignmentStatus.DONE).count();
			// the domain is written once, in the first cell of its merged range
			sheet.row(List.of((sheet.rowCount() == domainStart) ? task.domain() : "", task.content(), monthText(task),
					String.join("\n", task.responsibleUnits()), task.department(), task.person(),
					"完成 " + done + "/" + assignments.size(), flagText(board.taskFlag(task.id()))), wrapped);
		}
		merge(sheet, domainStart, sheet.rowCount() - 1);
	}

	private static void writeAssignments(SheetWriter sheet, Board board, CellStyle wrapped) {
		widths(sheet, 28, 120, 24, 36, 28, 20, 20, 16, 24, 16);
		sheet.row(ASSIGNMENT_HEADER, wrapped);
		for (Assignment a : board.assignments()) {
			LocalDate doneOn = a.doneOn();
			List<Object> cells = new ArrayList<>(List.of(a.task().domain(), a.task().content(), monthText(a.task()),
					a.unitName(), a.task().department(), a.task().person(), statusText(a.status()), a.progress()));
			cells.add((doneOn != null) ? doneOn.toString() : "");
			cells.add(flagText(a.flag()));
			sheet.row(cells, wrapped);
		}
	}

	private static void widths(SheetWriter sheet, int... characters) {
		for (int i = 0; i < characters.length; i++) {
			sheet.columnWidth(i, characters[i]);
		}
	}

	private static void merge(SheetWriter sheet, int first, int last) {
		if (last > first) {
			sheet.merge(first, last, 0, 0);
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
