package cn.luohe.grassroots.dashboard.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A minimal streaming XLSX (Office Open XML) writer: sheets are written row by row
 * straight into the zip stream with inline strings, so a workbook of any size needs
 * constant memory. Sheets must be written in order, one at a time.
 */
final class XlsxWriter implements AutoCloseable {

	private final ZipOutputStream zip;

	private final Writer xml;

	private int rowNumber;

	XlsxWriter(OutputStream out, List<String> sheetNames) {
		this.zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
		this.xml = new OutputStreamWriter(this.zip, StandardCharsets.UTF_8);
		try {
			entry("[Content_Types].xml", contentTypes(sheetNames.size()));
			entry("_rels/.rels",
					"""
							<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
							<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
							<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
							</Relationships>""");
			StringBuilder sheets = new StringBuilder();
			StringBuilder rels = new StringBuilder();
			for (int i = 1; i <= sheetNames.size(); i++) {
				sheets.append("<sheet name=\"")
					.append(escape(sheetNames.get(i - 1)))
					.append("\" sheetId=\"")
					.append(i)
					.append("\" r:id=\"rId")
					.append(i)
					.append("\"/>");
				rels.append("<Relationship Id=\"rId")
					.append(i)
					.append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\"")
					.append(" Target=\"worksheets/sheet")
					.append(i)
					.append(".xml\"/>");
			}
			entry("xl/workbook.xml", """
					<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
					<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
					xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
					<sheets>%s</sheets></workbook>""".formatted(sheets));
			entry("xl/_rels/workbook.xml.rels",
					"""
							<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
							<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s</Relationships>"""
						.formatted(rels));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void startSheet(int index) throws IOException {
		this.zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + index + ".xml"));
		this.xml.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
				+ "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
		this.rowNumber = 0;
	}

	void row(List<?> cells) throws IOException {
		this.rowNumber++;
		this.xml.write("<row r=\"" + this.rowNumber + "\">");
		for (Object cell : cells) {
			if (cell == null) {
				this.xml.write("<c/>");
			}
			else if (cell instanceof Number number) {
				this.xml.write("<c><v>" + number + "</v></c>");
			}
			else {
				this.xml.write("<c t=\"inlineStr\"><is><t xml:space=\"preserve\">" + escape(cell.toString())
						+ "</t></is></c>");
			}
		}
		this.xml.write("</row>");
	}

	void endSheet() throws IOException {
		this.xml.write("</sheetData></worksheet>");
		this.xml.flush();
		this.zip.closeEntry();
	}

	@Override
	public void close() throws IOException {
		this.xml.flush();
		this.zip.finish();
		this.zip.flush();
	}

	private void entry(String name, String content) throws IOException {
		this.zip.putNextEntry(new ZipEntry(name));
		this.xml.write(content);
		this.xml.flush();
		this.zip.closeEntry();
	}

	private static String contentTypes(int sheets) {
		StringBuilder overrides = new StringBuilder();
		for (int i = 1; i <= sheets; i++) {
			overrides.append("<Override PartName=\"/xl/worksheets/sheet")
				.append(i)
				.append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
		}
		return """
				<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
				<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
				<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
				<Default Extension="xml" ContentType="application/xml"/>\
				<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
				%s</Types>"""
			.formatted(overrides);
	}

	/** XML-escapes text and drops characters XML 1.0 cannot carry. */
	static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> out.append("&lt;");
				case '>' -> out.append("&gt;");
				case '&' -> out.append("&amp;");
				case '"' -> out.append("&quot;");
				default -> {
					if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
