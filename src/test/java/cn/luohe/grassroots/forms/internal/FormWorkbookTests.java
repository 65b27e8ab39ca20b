package cn.luohe.grassroots.forms.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.forms.Workbooks;
import cn.luohe.grassroots.forms.internal.FormSubmissions.CityList;
import cn.luohe.grassroots.forms.internal.FormSubmissions.UnitRow;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The paper layout of 附件4 and 附件5: every cell of the written workbook read back, the
 * merged header cells, and LibreOffice rendering it (when {@code soffice} is installed).
 */
class FormWorkbookTests {

	static final LocalDate DAY = LocalDate.of(2026, 9, 3);

	@Test
	void shouldLayOutTheSchoolFormAsOnPaper() throws IOException {
		FilledForm form = school();
		try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(FormWorkbook.unit(form)))) {
			Sheet sheet = book.getSheetAt(0);
			assertThat(sheet.getSheetName()).isEqualTo("郾城区");
			List<List<String>> expected = new ArrayList<>();
			expected.add(List.of("学校领域团组织建设情况统计表", "", "", "", "", ""));
			expected.add(List.of("填表人：张三", "", "", "填表时间：2026年9月28日", "", ""));
			expected.add(List.of("新建学校团组织", "", "新建学校教师团支部名称", "已建团校中学名单", "已完成换届的高校中职中学名单", "已建教育团工委名单"));
			expected.add(List.of("数量", "名称", "", "", "", ""));
			expected.add(List.of("2", "郾城区第一中学团委（2026-09-03）", "郾城区第一中学教工团支部（2026-09-03）", "郾城区第二中学（2026-09-03）", "",
					"郾城区教育团工委（2026-09-03）；备注：9月挂牌"));
			expected.add(List.of("", "郾城区第一中学教工团支部（2026-09-03）", "", "", "", ""));
			assertThat(cells(sheet, 6)).isEqualTo(expected);
			assertThat(sheet.getMergedRegions()).contains(CellRangeAddress.valueOf("A1:F1"),
					CellRangeAddress.valueOf("A2:C2"), CellRangeAddress.valueOf("D2:F2"),
					CellRangeAddress.valueOf("A3:B3"), CellRangeAddress.valueOf("C3:C4"),
					CellRangeAddress.valueOf("F3:F4"), CellRangeAddress.valueOf("A5:A6"));
			assertThat(sheet.getRow(4).getCell(0).getCellType()).isEqualTo(CellType.NUMERIC);
		}
	}

	@Test
	void shouldWriteTheCityAsASummaryThenOneSheetPerUnit() throws IOException {
		FilledForm form = social();
		Map<String, Map<String, Integer>> totals = Map.of("social", Map.of("agencies", 1, "socialOrganizations", 1),
				"school", Map.of());
		Map<String, Map<String, Integer>> previous = Map.of("social", Map.of("agencies", 3), "school", Map.of());
		Map<String, Map<String, Integer>> difference = Map.of("social",
				Map.of("agencies", -2, "socialOrganizations", 1), "school", Map.of());
		CityList list = new CityList("2026-09", List.of(new UnitRow(7, "社联部", "DEPARTMENT", FormStatus.LATE, "YELLOW",
				3L, Instant.parse("2026-09-29T02:00:00Z"), "李四", totals)), totals, previous, difference);
		try (XSSFWorkbook book = new XSSFWorkbook(
				new ByteArrayInputStream(FormWorkbook.city(FormKind.SOCIAL, list, List.of(form))))) {
			assertThat(book.getNumberOfSheets()).isEqualTo(2);
			Sheet summary = book.getSheetAt(0);
			assertThat(summary.getSheetName()).isEqualTo("汇总");
			assertThat(cells(summary, 8)).isEqualTo(List.of(List.of("社会领域团组织建设情况统计表（汇总）", "", "", "", "", "", "", ""),
					List.of("月份：2026-09", "", "", "", "", "", "", ""),
					List.of("填表单位", "状态", "提交时间", "市直、县区直单位新建团组织名单", "产业集聚区、非公企业新建团组织名单", "青企协会员企业新建团组织名单",
							"青联委员企业新建团组织名单", "社会组织新建团组织名单"),
					List.of("社联部", "逾期提交", "2026-09-29T10:00", "1", "0", "0", "0", "1"),
					List.of("合计", "", "", "1", "0", "0", "0", "1"), List.of("上月合计", "", "", "3", "0", "0", "0", "0"),
					List.of("比上月增减", "", "", "-2", "0", "0", "0", "1")));
			Sheet unit = book.getSheetAt(1);
			assertThat(unit.getSheetName()).isEqualTo("社联部");
			assertThat(cells(unit, 5)).isEqualTo(List.of(List.of("社会领域团组织建设情况统计表", "", "", "", ""),
					List.of("填表部室：社联部", "填表人：李四", "", "填表时间：2026年9月29日", ""),
					List.of("市直、县区直单位新建团组织名单", "产业集聚区、非公企业新建团组织名单", "青企协会员企业新建团组织名单", "青联委员企业新建团组织名单", "社会组织新建团组织名单"),
					List.of("漯河市档案馆团支部（2026-09-03）", "", "", "", "漯河市志愿者协会团支部（2026-09-03）")));
		}
	}

	@Test
	void shouldRenderInLibreOffice(@TempDir Path directory) throws Exception {
		Path soffice = Workbooks.soffice();
		Assumptions.assumeTrue(soffice != null,
				"soffice (LibreOffice) is not installed: the workbook's rendering to PDF is not checked");
		byte[] pdf = Workbooks.renderToPdf(soffice, directory, FormWorkbook.unit(school()));
		assertThat(pdf.length).isGreaterThan(1000);
	}

	static FilledForm school() {
		Form form = new Form("school", "2026-09", 3, "郾城区", List.of(
				new Form.Column("newSchoolOrgs", "新建学校团组织",
						List.of(new Form.Line("郾城区第一中学团委", DAY, "org:1", null),
								new Form.Line("郾城区第一中学教工团支部", DAY, "org:2", null))),
				new Form.Column("teacherBranches", "新建学校教师团支部名称",
						List.of(new Form.Line("郾城区第一中学教工团支部", DAY, "org:2", null))),
				new Form.Column("leagueSchools", "已建团校中学名单",
						List.of(new Form.Line("郾城区第二中学", DAY, "milestone:1", null))),
				new Form.Column("termElections", "已完成换届的高校中职中学名单", List.of()), new Form.Column("educationCommittees",
						"已建教育团工委名单", List.of(new Form.Line("郾城区教育团工委", DAY, "milestone:2", "9月挂牌")))));
		return new FilledForm(form, FormStatus.SUBMITTED, true, 1L, Instant.parse("2026-09-28T01:00:00Z"), "张三",
				LocalDate.of(2026, 9, 28));
	}

	static FilledForm social() {
		Form form = new Form("social", "2026-09", 7, "社联部",
				List.of(new Form.Column("agencies", "市直、县区直单位新建团组织名单",
						List.of(new Form.Line("漯河市档案馆团支部", DAY, "org:5", null))),
						new Form.Column("parksAndPrivateEnterprises", "产业集聚区、非公企业新建团组织名单", List.of()),
						new Form.Column("youngEntrepreneurMembers", "青企协会员企业新建团组织名单", List.of()),
						new Form.Column("youthFederationMembers", "青联委员企业新建团组织名单", List.of()),
						new Form.Column("socialOrganizations", "社会组织新建团组织名单",
								List.of(new Form.Line("漯河市志愿者协会团支部", DAY, "org:6", null)))));
		return new FilledForm(form, FormStatus.LATE, true, 3L, Instant.parse("2026-09-29T02:00:00Z"), "李四",
				LocalDate.of(2026, 9, 29));
	}

	static List<List<String>> cells(Sheet sheet, int width) {
		return Workbooks.cells(sheet, width);
	}

}
