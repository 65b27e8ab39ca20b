package cn.luohe.grassroots.common.sheet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkbookTests {

	@Test
	void shouldWriteAWorkbookThatASpreadsheetLibraryOpens() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (Workbook writer = new Workbook()) {
			writer.sheet("乡镇 towns")
				.row(List.of("town", "visits"))
				.row(List.of("舞泉镇", 3))
				.row(Arrays.asList("<&\"tricky\">", null));
			writer.sheet("visits").row(List.of("id"));
			writer.writeTo(out);
		}
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
			assertThat(workbook.getNumberOfSheets()).isEqualTo(2);
			assertThat(workbook.getSheetName(0)).isEqualTo("乡镇 towns");
			assertThat(workbook.getSheetAt(0).getRow(1).getCell(0).getStringCellValue()).isEqualTo("舞泉镇");
			assertThat(workbook.getSheetAt(0).getRow(1).getCell(1).getNumericCellValue()).isEqualTo(3.0);
			assertThat(workbook.getSheetAt(0).getRow(2).getCell(0).getStringCellValue()).isEqualTo("<&\"tricky\">");
			assertThat(workbook.getSheetAt(1).getRow(0).getCell(0).getStringCellValue()).isEqualTo("id");
		}
	}

	@Test
	void shouldMergeCellsAndSetWidthsForFormLayouts() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (Workbook writer = new Workbook()) {
			SheetWriter sheet = writer.sheet("月报 form");
			sheet.row(List.of("漯河市走基层月报"), writer.boldStyle()).merge(0, 0, 0, 3).columnWidth(0, 20);
			sheet.row(List.of("乡镇", "走访", "需求", "活动"));
			assertThat(sheet.rowCount()).isEqualTo(2);
			writer.writeTo(out);
		}
		try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
			var sheet = workbook.getSheetAt(0);
			assertThat(sheet.getMergedRegions()).hasSize(1);
			assertThat(sheet.getMergedRegion(0).formatAsString()).isEqualTo("A1:D1");
			assertThat(sheet.getColumnWidth(0)).isEqualTo(20 * 256);
			assertThat(workbook.getFontAt(sheet.getRow(0).getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
			assertThat(sheet.getRow(1).getCell(3).getStringCellValue()).isEqualTo("活动");
		}
	}

}
