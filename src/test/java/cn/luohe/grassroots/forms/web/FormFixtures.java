package cn.luohe.grassroots.forms.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.id;
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
		return id(post(client, "/api/v1/host-units", body, 201));
	}

	static long leagueOrg(WebTestClient client, long hostUnitId, String name, String type, String foundedOn,
			boolean teacherBranch) {
		return id(post(client, "/api/v1/league-orgs", Map.of("name", name, "type", type, "hostUnitId", hostUnitId,
				"foundedOn", foundedOn, "teacherBranch", teacherBranch), 201));
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
		return id(post(client, "/api/v1/league-milestones", body, 201));
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> column(Map<String, Object> form, String key) {
		return ((List<Map<String, Object>>) form.get("columns")).stream()
			.filter(column -> column.get("key").equals(key))
			.findFirst()
			.map(column -> (List<Map<String, Object>>) column.get("rows"))
			.orElseThrow();
	}

	/** A column as "name date" strings, in order. */
	static List<String> lines(Map<String, Object> form, String key) {
		return column(form, key).stream().map(row -> row.get("name") + " " + row.get("date")).toList();
	}

	/** Every column of a form as "name date" strings. */
	@SuppressWarnings("unchecked")
	static Map<String, List<String>> allLines(Map<String, Object> form) {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		for (Map<String, Object> column : (List<Map<String, Object>>) form.get("columns")) {
			columns.put((String) column.get("key"), lines(form, (String) column.get("key")));
		}
		return columns;
	}

}
