package cn.luohe.grassroots.visit.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Person;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.support.Responses.read;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING_TOWN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUCHENG;
import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.id;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrections: the visitor for 48 h (app.corrections.window), administrators any time
 * with a reason, all audited.
 */
class VisitCorrectionApiTests extends ApiTest {

	@Test
	@SuppressWarnings("unchecked")
	void shouldLetTheVisitorAmendTheirVisitAndAuditIt() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "note", "初稿"), 201));

		Map<String, Object> amended = patch(as(cadre), visitId, Map.of("note", "走访舞泉镇两个村"), 200);
		assertThat(amended.get("note")).isEqualTo("走访舞泉镇两个村");
		// nothing changed, nothing audited
		patch(as(cadre), visitId, Map.of("note", "走访舞泉镇两个村"), 200);

		List<Map<String, Object>> changes = items(get(as(cadre), "/api/v1/visits/" + visitId + "/changes", 200));
		assertThat(changes).hasSize(1);
		Map<String, Object> change = changes.get(0);
		assertThat(read(change.get("changedBy"), Person.class).id()).isEqualTo(cadre.id());
		assertThat(change.get("reason")).isNull();
		assertThat(change.get("before")).isEqualTo(Map.of("note", "初稿"));
		assertThat(change.get("after")).isEqualTo(Map.of("note", "走访舞泉镇两个村"));
	}

	@Test
	void shouldCloseTheVisitorsAmendWindowAfter48Hours() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201));
		execute("UPDATE visit SET received_at = received_at - interval '49 hours' WHERE id = ?", visitId);
		expectProblem(patch(as(cadre), visitId, Map.of("note", "too late"), 422), "AMEND_WINDOW_CLOSED");
		assertThat(queryLong("SELECT count(*) FROM visit_change WHERE visit_id = ?", visitId)).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void shouldLetASecretaryCorrectTheVisitedOrgWithAReasonAndMoveItsNeeds() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long wuquan = orgId(WUQUAN);
		long wucheng = orgId(WUCHENG);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(wuquan), 201));
		post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of("修缮村活动室")), 200);
		long dirtyBefore = dirty(wuquan) + dirty(wucheng);

		expectProblem(patch(as(secretary), visitId, Map.of("visitedOrgId", wucheng), 400), "VALIDATION_FAILED");
		Map<String, Object> corrected = patch(as(secretary), visitId,
				Map.of("visitedOrgId", wucheng, "reason", "走访地点登记错误"), 200);
		assertThat(corrected.get("visitedOrgId")).isEqualTo((int) wucheng);
		assertThat(corrected.get("visitedOrgName")).isEqualTo("吴城镇");
		assertThat(corrected.get("townId")).isEqualTo((int) wucheng);
		assertThat(corrected.get("status")).isEqualTo("COMPLETED");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ? AND org_id = ? AND town_id = ?", visitId,
				wucheng, wucheng))
			.isEqualTo(1);
		assertThat(dirty(wuquan) + dirty(wucheng)).isGreaterThanOrEqualTo(dirtyBefore + 2);

		Map<String, Object> change = items(get(as(secretary), "/api/v1/visits/" + visitId + "/changes", 200)).get(0);
		assertThat(change.get("reason")).isEqualTo("走访地点登记错误");
		assertThat(read(change.get("changedBy"), Person.class).id()).isEqualTo(secretary.id());
		assertThat(read(change.get("before"), ChangedFields.class).visitedOrgId()).isEqualTo(wuquan);
		assertThat(read(change.get("after"), ChangedFields.class).visitedOrgId()).isEqualTo(wucheng);
	}

	@Test
	void shouldRefuseCorrectionsFromOutsideTheVisitsScope() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201));
		expectProblem(patch(as(colleague), visitId, Map.of("note", "x", "reason", "y"), 403), "FORBIDDEN_ROLE");
		expectProblem(patch(as(otherSecretary), visitId, Map.of("note", "x", "reason", "y"), 403), "FORBIDDEN_SCOPE");
		// the visitor cannot move their visit out of their scope, nor onto a county
		expectProblem(patch(as(cadre), visitId, Map.of("visitedOrgId", orgId(LINYING_TOWN)), 403), "FORBIDDEN_SCOPE");
		expectProblem(patch(as(cadre), visitId, Map.of("visitedOrgId", orgId(WUYANG)), 422), "INVALID_VISIT_TARGET");
		// photos must still be the visitor's own
		expectProblem(patch(as(secretary), visitId, Map.of("photoIds", List.of(999999999), "reason", "r"), 404),
				"NOT_FOUND");
		assertThat(queryLong("SELECT count(*) FROM visit_change WHERE visit_id = ?", visitId)).isZero();
		expectProblem(get(as(colleague), "/api/v1/visits/" + visitId + "/changes", 403), "FORBIDDEN_ROLE");
	}

	@Test
	void shouldReattachCorrectedPhotosToTheVisitsCurrentOrg() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long first = photoOf(cadre);
		long second = photoOf(cadre);
		long visitId = id(post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(first)), 201));

		Map<String, Object> amended = patch(as(cadre), visitId, Map.of("photoIds", List.of(second, second)), 200);
		assertThat(amended.get("photoIds")).isEqualTo(List.of((int) second));
		assertThat(queryLong("SELECT count(*) FROM media_attachment WHERE record_type = 'visit' AND record_id = ?"
				+ " AND media_id = ? AND org_id = ?", visitId, second, orgId(WUQUAN)))
			.isEqualTo(1);
		assertThat(queryLong("SELECT count(*) FROM media_attachment WHERE media_id = ?", first)).isZero();

		patch(as(secretary), visitId, Map.of("visitedOrgId", orgId(WUCHENG), "reason", "地点更正"), 200);
		assertThat(
				queryLong("SELECT org_id FROM media_attachment WHERE record_type = 'visit' AND record_id = ?", visitId))
			.isEqualTo(orgId(WUCHENG));
		// a photo the visitor did not upload cannot be slipped in
		expectProblem(
				patch(as(secretary), visitId, Map.of("photoIds", List.of(photoOf(secretary)), "reason", "r"), 422),
				"PHOTO_NOT_OWNED");
	}

	/** A stored photo row (the upload itself is tested with the media feature). */
	private static long photoOf(TestUser owner) {
		return queryLong(
				"INSERT INTO media (owner_id, content_type, size, sha256, storage_key, created_at)"
						+ " VALUES (?, 'image/jpeg', 1, 'test', 'test/' || gen_random_uuid(), now()) RETURNING id",
				owner.id());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> patch(WebTestClient client, long visitId, Object body, int status) {
		return client.patch()
			.uri("/api/v1/visits/" + visitId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	private static long dirty(long townId) {
		return queryLong("SELECT count(*) FROM count_dirty WHERE town_id = ? AND month = DATE '2026-12-01'", townId);
	}

	/**
	 * The fields a correction changed (before or after), as far as these tests read them.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ChangedFields(@Nullable String note, @Nullable Long visitedOrgId, @Nullable String visitedOrgName) {
	}

}
