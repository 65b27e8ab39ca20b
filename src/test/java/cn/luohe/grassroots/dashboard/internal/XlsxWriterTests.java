package cn.luohe.grassroots.dashboard.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class XlsxWriterTests {

	@Test
	void shouldWriteAWorkbookThatASpreadsheetLibraryOpens() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (XlsxWriter writer = new XlsxWriter(out, List.of("乡镇 towns", "visits"))) {
			writer.startSheet(1);
			writer.row(List.of("town", "visits"));
			writer.row(List.of("舞泉镇", 3));
			writer.row(Arrays.asList("<&\"tricky\">", null));
			writer.endSheet();
			writer.startSheet(2);
			writer.row(List.of("id"));
			writer.endSheet();
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
	void shouldQuoteCsvCellsAndDefuseFormulas() {
		assertThat(ReportService.csvLine(List.of("a,b", "say \"hi\"", 3, "=SUM(A1)")))
			.isEqualTo("\"a,b\",\"say \"\"hi\"\"\",3,'=SUM(A1)\r\n");
	}

}
