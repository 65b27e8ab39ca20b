package cn.luohe.grassroots.dashboard.internal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCsvTests {

	@Test
	void shouldQuoteCsvCellsAndDefuseFormulas() {
		assertThat(ReportService.csvLine(List.of("a,b", "say \"hi\"", 3, "=SUM(A1)")))
			.isEqualTo("\"a,b\",\"say \"\"hi\"\"\",3,'=SUM(A1)\r\n");
	}

}
