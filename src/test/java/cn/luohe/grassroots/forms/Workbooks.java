package cn.luohe.grassroots.forms;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the forms' workbooks back, and rendering them with LibreOffice. */
public final class Workbooks {

	private Workbooks() {
	}

	/**
	 * Every row's first {@code width} cells as text, as a spreadsheet program shows them.
	 */
	public static List<List<String>> cells(Sheet sheet, int width) {
		DataFormatter formatter = new DataFormatter();
		List<List<String>> rows = new ArrayList<>();
		for (int r = 0; r <= sheet.getLastRowNum(); r++) {
			Row row = sheet.getRow(r);
			List<String> cells = new ArrayList<>();
			for (int c = 0; c < width; c++) {
				Cell cell = (row != null) ? row.getCell(c) : null;
				cells.add((cell != null) ? formatter.formatCellValue(cell) : "");
			}
			rows.add(cells);
		}
		return rows;
	}

	/** {@code soffice} on the PATH, or null. */
	public static @Nullable Path soffice() {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "soffice");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * Renders {@code workbook} to PDF with {@code soffice --headless --convert-to pdf}.
	 */
	public static byte[] renderToPdf(Path soffice, Path directory, byte[] workbook) throws Exception {
		Path file = directory.resolve("forms.xlsx");
		Files.write(file, workbook);
		Process process = new ProcessBuilder(soffice.toString(), "--headless", "--norestore",
				"-env:UserInstallation=file://" + directory.resolve("profile"), "--convert-to", "pdf", "--outdir",
				directory.toString(), file.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("soffice finished: %s", output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		byte[] pdf = Files.readAllBytes(directory.resolve("forms.pdf"));
		assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).as("a PDF").isEqualTo("%PDF-");
		return pdf;
	}

}
