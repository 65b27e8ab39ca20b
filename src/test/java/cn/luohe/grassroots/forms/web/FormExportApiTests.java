package cn.luohe.grassroots.forms.web;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import cn.luohe.grassroots.forms.Workbooks;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.forms.web.FormFixtures.hostUnit;
import static cn.luohe.grassroots.forms.web.FormFixtures.leagueOrg;
import static cn.luohe.grassroots.forms.web.FormFixtures.unique;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forms' exports read back cell by cell against the records they were computed from
 * (召陵区, April 2025: no other test records there), and rendered by LibreOffice when
 * {@code soffice} is installed.
 */
class FormExportApiTests extends ApiTest {

	static final String ZHAOLING = "411104";

	static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

	@Test
	void shouldExportAUnitsFormAndTheWholeCityInThePaperLayout(@TempDir Path directory) throws Exception {
		long county = orgId(ZHAOLING);
		String s = unique();
		TestUser secretaryUser = identities().withRole(Role.COUNTY_SECRETARY, ZHAOLING);
		WebTestClient secretary = as(secretaryUser);
		TestUser adminUser = identities().withRole(Role.CITY_ADMIN, "4111");
		long school = hostUnit(secretary, county, "MIDDLE_SCHOOL", "召陵区第二中学" + s);
		long park = hostUnit(secretary, county, "PRIVATE_ENTERPRISE", "召陵区食品园企业" + s);
		String committee = "召陵二中团委" + s;
		String teachers = "召陵二中教工团支部" + s;
		String enterprise = "食品园企业团支部" + s;
		leagueOrg(secretary, school, committee, "COMMITTEE", "2025-04-03", false);
		leagueOrg(secretary, school, teachers, "BRANCH", "2025-04-09", true);
		leagueOrg(secretary, park, enterprise, "BRANCH", "2025-04-11", false);

		byte[] workbook = download(secretary, "/api/v1/forms/school/export?month=2025-04&unitId=" + county, XLSX);
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
			assertThat(book.getNumberOfSheets()).isEqualTo(1);
			Sheet sheet = book.getSheet("召陵区");
			assertThat(cells(sheet, 6)).containsExactly(List.of("学校领域团组织建设情况统计表", "", "", "", "", ""),
					List.of("填表人：" + secretaryUser.displayName(), "", "", "填表时间：2026年12月3日", "", ""),
					List.of("新建学校团组织", "", "新建学校教师团支部名称", "已建团校中学名单", "已完成换届的高校中职中学名单", "已建教育团工委名单"),
					List.of("数量", "名称", "", "", "", ""),
					List.of("2", committee + "（2025-04-03）", teachers + "（2025-04-09）", "", "", ""),
					List.of("", teachers + "（2025-04-09）", "", "", "", ""));
			assertThat(sheet.getMergedRegions()).contains(CellRangeAddress.valueOf("A1:F1"),
					CellRangeAddress.valueOf("A3:B3"), CellRangeAddress.valueOf("C3:C4"),
					CellRangeAddress.valueOf("A5:A6"));
		}
		String csv = new String(download(secretary,
				"/api/v1/forms/social/export?month=2025-04&unitId=" + county + "&format=csv", "text/csv;charset=UTF-8"),
				StandardCharsets.UTF_8);
		assertThat(csv)
			.isEqualTo("\uFEFF填表单位,栏目,名称,日期,备注\r\n" + "召陵区,产业集聚区、非公企业新建团组织名单," + enterprise + ",2025-04-11,\r\n");

		// the whole city: a summary, then one sheet per unit that fills the form
		byte[] city = download(as(adminUser), "/api/v1/forms/school/export?month=2025-04", XLSX);
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(city))) {
			// 8 county-level units and 学校少年部 fill the school form
			assertThat(book.getNumberOfSheets()).isEqualTo(1 + 8 + 1);
			assertThat(book.getSheetName(0)).isEqualTo("汇总");
			assertThat(book.getSheetName(book.getNumberOfSheets() - 1)).isEqualTo("学校少年部");
			List<List<String>> summary = cells(book.getSheet("汇总"), 8);
			assertThat(summary.get(0).get(0)).isEqualTo("学校领域团组织建设情况统计表（汇总）");
			assertThat(summary).contains(List.of("召陵区", "逾期未提交", "", "2", "1", "0", "0", "0"));
			assertThat(summary.get(summary.size() - 3).get(0)).isEqualTo("合计");
			assertThat(cells(book.getSheet("召陵区"), 6).get(4))
				.isEqualTo(List.of("2", committee + "（2025-04-03）", teachers + "（2025-04-09）", "", "", ""));
			assertThat(cells(book.getSheet("召陵区"), 6).get(1).get(0)).isEqualTo("填表人：" + adminUser.displayName());
		}
		byte[] social = download(as(adminUser), "/api/v1/forms/social/export?month=2025-04", XLSX);
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(social))) {
			// 8 county-level units and the four social-domain departments
			assertThat(book.getNumberOfSheets()).isEqualTo(1 + 8 + 4);
			assertThat(cells(book.getSheet("召陵区"), 5).get(1).get(0)).isEqualTo("填表部室：召陵区");
			assertThat(cells(book.getSheet("召陵区"), 5).get(3))
				.isEqualTo(List.of("", enterprise + "（2025-04-11）", "", "", ""));
		}
		renderInLibreOffice(directory, city);
	}

	/**
	 * The workbook opens in LibreOffice and renders to PDF (skipped, visibly, without
	 * it).
	 */
	static void renderInLibreOffice(Path directory, byte[] workbook) throws Exception {
		Path soffice = Workbooks.soffice();
		if (soffice == null) {
			System.err.println("SKIPPED: soffice (LibreOffice) is not installed: the exported workbook's rendering "
					+ "to PDF is not checked");
			return;
		}
		Workbooks.renderToPdf(soffice, directory, workbook);
	}

	static byte[] download(WebTestClient client, String uri, String contentType) {
		return client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(contentType)
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	static List<List<String>> cells(Sheet sheet, int width) {
		return Workbooks.cells(sheet, width);
	}

}
