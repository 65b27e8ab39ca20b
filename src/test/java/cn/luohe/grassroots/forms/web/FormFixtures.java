package cn.luohe.grassroots.forms.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import cn.luohe.grassroots.forms.web.FormTestViews.Column;
import cn.luohe.grassroots.forms.web.FormTestViews.Form;
import cn.luohe.grassroots.forms.web.FormTestViews.Line;
import cn.luohe.grassroots.support.Responses.Identified;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.post;

/**
 * Records the forms are computed from, written through the league-organisation endpoints,
 * and readers of a form's columns.
 */
final class FormFixtures {

	private static final AtomicLong SUFFIX = new AtomicLong(System.nanoTime() % 100_000);

	private FormFixtures() {
	}

	/** A suffix that makes names unique across tests and runs. */
	static String unique() {
		return "-" + SUFFIX.incrementAndGet();
	}

	/** A host unit; {@code attributes} as key/value pairs. */
	static long hostUnit(WebTestClient client, long countyId, String kind, String name, Object... attributes) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("countyId", countyId);
		body.put("kind", kind);
		for (int i = 0; i < attributes.length; i += 2) {
			body.put((String) attributes[i], attributes[i + 1]);
		}
		return post(client, "/api/v1/host-units", body, 201, Identified.class).id();
	}

	static long leagueOrg(WebTestClient client, long hostUnitId, String name, String type, String foundedOn,
			boolean teacherBranch) {
		return post(client, "/api/v1/league-orgs", Map.of("name", name, "type", type, "hostUnitId", hostUnitId,
				"foundedOn", foundedOn, "teacherBranch", teacherBranch), 201, Identified.class)
			.id();
	}

	/**
	 * A milestone; {@code subject} as key/value pairs (countyId, hostUnitId or
	 * leagueOrgId).
	 */
	static long milestone(WebTestClient client, String kind, String occurredOn, Object... subject) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("kind", kind);
		body.put("occurredOn", occurredOn);
		for (int i = 0; i < subject.length; i += 2) {
			body.put((String) subject[i], subject[i + 1]);
		}
		return post(client, "/api/v1/league-milestones", body, 201, Identified.class).id();
	}

	/** A form as {@code GET uri} answers it (200). */
	static Form form(WebTestClient client, String uri) {
		return get(client, uri, 200, Form.class);
	}

	/** The lines of the column {@code key}, in order. */
	static List<Line> column(Form form, String key) {
		return form.columns()
			.stream()
			.filter(column -> column.key().equals(key))
			.findFirst()
			.map(Column::rows)
			.orElseThrow();
	}

	/** A column as "name date" strings, in order. */
	static List<String> lines(Form form, String key) {
		return column(form, key).stream().map(row -> row.name() + " " + row.date()).toList();
	}

	/** Every column of a form as "name date" strings. */
	static Map<String, List<String>> allLines(Form form) {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		for (Column column : form.columns()) {
			columns.put(column.key(), lines(form, column.key()));
		}
		return columns;
	}

}
