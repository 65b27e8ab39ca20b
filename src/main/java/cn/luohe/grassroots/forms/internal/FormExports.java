package cn.luohe.grassroots.forms.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * A form of one unit, or of the whole city (CITY_ADMIN, CITY_LEADER), as XLSX in the
 * paper form's layout or as CSV (one line per name: unit, column, name, date, note). The
 * workbook is written on a worker thread (boundedElastic), then answered whole.
 */
@Service
public class FormExports {

	private static final String CSV_HEADER = "填表单位,栏目,名称,日期,备注";

	private final FilerUnits units;

	private final FormService forms;

	private final FormSubmissions submissions;

	private final FormRecords records;

	FormExports(FilerUnits units, FormService forms, FormSubmissions submissions, FormRecords records) {
		this.units = units;
		this.forms = forms;
		this.submissions = submissions;
		this.records = records;
	}

	/** What an export is called: the unit's code (or the city's) and the month. */
	public record Export(String fileName, byte[] bytes) {
	}

	public Mono<Export> export(Caller caller, FormKind kind, YearMonth month, @Nullable Long unitId, boolean xlsx) {
		String suffix = xlsx ? ".xlsx" : ".csv";
		if (unitId != null) {
			return this.forms.read(caller, kind, month, unitId, false)
				.flatMap(form -> render(xlsx, () -> FormWorkbook.unit(form), () -> csv(List.of(form)))
					.map(bytes -> new Export("forms-" + kind.key() + "-" + unitId + "-" + month + suffix, bytes)));
		}
		return this.units.requireCity(caller, EnumSet.of(Role.CITY_ADMIN, Role.CITY_LEADER))
			.then(Mono.defer(() -> this.submissions.list(caller, month)))
			.flatMap(list -> cityForms(kind, month, caller.displayName())
				.flatMap(forms -> render(xlsx, () -> FormWorkbook.city(kind, list, forms), () -> csv(forms))))
			.map(bytes -> new Export("forms-" + kind.key() + "-city-" + month + suffix, bytes));
	}

	/** Every filler unit's form, as submitted or else as a draft its reader fills. */
	private Mono<List<FilledForm>> cityForms(FormKind kind, YearMonth month, String readerName) {
		return this.units.all()
			.concatMap(unit -> this.records.kindsFilledBy(unit)
				.filter(kinds -> kinds.contains(kind))
				.flatMap(kinds -> this.forms.openSubmission(unit, month))
				.flatMap(open -> this.forms.filled(unit, kind, month, open, false, readerName)))
			.collectList();
	}

	private static Mono<byte[]> render(boolean xlsx, Supplier<byte[]> workbook, Supplier<byte[]> csv) {
		return Mono.fromCallable(() -> xlsx ? workbook.get() : csv.get()).subscribeOn(Schedulers.boundedElastic());
	}

	static byte[] csv(List<FilledForm> forms) {
		StringBuilder out = new StringBuilder("\uFEFF").append(CSV_HEADER).append("\r\n");
		for (FilledForm filled : forms) {
			for (Form.Column column : filled.form().columns()) {
				for (Form.Line line : column.rows()) {
					List<@Nullable String> cells = new ArrayList<>();
					cells.add(filled.form().unitName());
					cells.add(column.title());
					cells.add(line.name());
					LocalDate date = line.date();
					cells.add((date != null) ? date.toString() : null);
					cells.add(line.note());
					out.append(csvLine(cells));
				}
			}
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	static String csvLine(List<@Nullable String> cells) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			String text = cells.get(i);
			if (text == null) {
				continue;
			}
			if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
				// typed text must never run as a spreadsheet formula
				text = "'" + text;
			}
			if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
					|| text.indexOf('\r') >= 0) {
				text = '"' + text.replace("\"", "\"\"") + '"';
			}
			line.append(text);
		}
		return line.append("\r\n").toString();
	}

}
