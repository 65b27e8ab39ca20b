package cn.luohe.grassroots.visit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orgs, request bodies, typed reads of answers and database probes shared by the visit
 * tests (and the features whose tests check in). The test profile fixes the business
 * clock at {@link #NOW_TEXT}, inside December 2026's visit week.
 */
public final class VisitFixtures {

	public static final String NOW_TEXT = "2026-12-03T09:30:00+08:00";

	/** 舞阳县 and two of its towns. */
	public static final String WUYANG = "411121";

	public static final String WUQUAN = "411121100";

	public static final String WUCHENG = "411121101";

	/** 临颍县 and one of its towns. */
	public static final String LINYING = "411122";

	public static final String LINYING_TOWN = "411122001";

	private VisitFixtures() {
	}

	public static long orgId(String code) {
		return queryLong("SELECT id FROM org_unit WHERE code = ?", code);
	}

	public static Map<String, Object> location(double lat, double lng) {
		Map<String, Object> location = new LinkedHashMap<>();
		location.put("lat", lat);
		location.put("lng", lng);
		location.put("accuracy", 15);
		return location;
	}

	/** A check-in at {@code orgId} near 舞泉镇, with any extra fields as key/value pairs. */
	public static Map<String, Object> checkIn(long orgId, Object... extra) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("visitedOrgId", orgId);
		body.put("location", location(33.437, 113.609));
		for (int i = 0; i < extra.length; i += 2) {
			body.put((String) extra[i], extra[i + 1]);
		}
		return body;
	}

	public static Map<String, Object> checkOut(List<String> needs, Object... extra) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("location", location(33.4372, 113.6091));
		body.put("peopleMet", 12);
		body.put("needs", needs);
		body.put("resolved", List.of("帮助联系了就业培训"));
		for (int i = 0; i < extra.length; i += 2) {
			body.put((String) extra[i], extra[i + 1]);
		}
		return body;
	}

	/** A request with a JSON body (or none), its answer still to be read. */
	public static WebTestClient.ResponseSpec send(WebTestClient client, HttpMethod method, String uri,
			@Nullable Object body) {
		WebTestClient.RequestBodySpec request = client.method(method).uri(uri);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	/**
	 * Posts {@code body} and reads the answer of {@code expectedStatus} as {@code type}.
	 */
	public static <T> T post(WebTestClient client, String uri, Object body, int expectedStatus, Class<T> type) {
		return read(send(client, HttpMethod.POST, uri, body), expectedStatus, type);
	}

	/** Patches with {@code body} and reads the answer of {@code expectedStatus}. */
	public static <T> T patch(WebTestClient client, String uri, Object body, int expectedStatus, Class<T> type) {
		return read(send(client, HttpMethod.PATCH, uri, body), expectedStatus, type);
	}

	/** Reads the answer of {@code expectedStatus} as {@code type}. */
	public static <T> T get(WebTestClient client, String uri, int expectedStatus, Class<T> type) {
		return read(send(client, HttpMethod.GET, uri, null), expectedStatus, type);
	}

	/** The items of the page {@code uri} answers (200). */
	public static <T> List<T> items(WebTestClient client, String uri, Class<T> item) {
		Responses.Page<T> page = send(client, HttpMethod.GET, uri, null).expectStatus()
			.isOk()
			.expectBody(Responses.page(item))
			.returnResult()
			.getResponseBody();
		assertThat(page).as("a page from %s", uri).isNotNull();
		return page.items();
	}

	private static <T> T read(WebTestClient.ResponseSpec response, int expectedStatus, Class<T> type) {
		T body = response.expectStatus().isEqualTo(expectedStatus).expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a %s", type.getSimpleName()).isNotNull();
		return body;
	}

	public static long queryLong(String sql, Object... args) {
		return query(sql, args, rows -> rows.getLong(1));
	}

	public static String queryString(String sql, Object... args) {
		return query(sql, args, rows -> rows.getString(1));
	}

	private static <T> T query(String sql, Object[] args, Column<T> column) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			try (ResultSet rows = statement.executeQuery()) {
				assertThat(rows.next()).as("a row for %s", sql).isTrue();
				return column.read(rows);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Reads the first column of the current row. */
	private interface Column<T> {

		T read(ResultSet rows) throws SQLException;

	}

	public static int execute(String sql, Object... args) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			return statement.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
