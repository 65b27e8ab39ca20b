package cn.luohe.grassroots.dashboard.api;

import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.org.api.Org;
import reactor.core.publisher.Flux;

/**
 * A sheet another feature adds to the monthly report (after the report's own sheets, in
 * bean order): the XLSX workbook gets it as one more sheet, the CSV answers it as
 * {@code sheet=<name>}. The caller's scope is already checked: {@code scope} is a county
 * or the city.
 */
public interface ReportSheet {

	/** The CSV sheet name (lower case, no spaces). */
	String name();

	/** The workbook tab's title. */
	String title();

	List<Object> header();

	/** The rows of {@code scope}'s {@code month}, each as long as the header. */
	Flux<List<Object>> rows(Org scope, YearMonth month);

}
