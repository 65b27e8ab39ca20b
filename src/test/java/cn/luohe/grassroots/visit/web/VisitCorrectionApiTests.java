package cn.luohe.grassroots.visit.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Person;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.VisitFixtures;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING_TOWN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUCHENG;
import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.execute;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrections: the visitor for 48 h (app.corrections.window), administrators any time
 * with a reason, all audited.
 */
class VisitCorrectionApiTests extends ApiTest {

	@Test
	void shouldLetTheVisitorAmendTheirVisitAndAuditIt() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "note", "初稿"), 201, Identified.class)
			.id();

		VisitView amended = patch(as(cadre), visitId, Map.of("note", "走访舞泉镇两个村"), 200);
		assertThat(amended.note()).isEqualTo("走访舞泉镇两个村");
		// nothing changed, nothing audited
		patch(as(cadre), visitId, Map.of("note", "走访舞泉镇两个村"), 200);

		List<Change> changes = items(as(cadre), "/api/v1/visits/" + visitId + "/changes", Change.class);
		assertThat(changes).hasSize(1);
		Change change = changes.get(0);
		assertThat(change.changedBy().id()).isEqualTo(cadre.id());
		assertThat(change.reason()).isNull();
		assertThat(change.before()).isEqualTo(new ChangedFields("初稿", null, null));
		assertThat(change.after()).isEqualTo(new ChangedFields("走访舞泉镇两个村", null, null));
	}

	@Test
	void shouldCloseTheVisitorsAmendWindowAfter48Hours() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		execute("UPDATE visit SET received_at = received_at - interval '49 hours' WHERE id = ?", visitId);
		expectProblem(patching(as(cadre), visitId, Map.of("note", "too late")), 422, "AMEND_WINDOW_CLOSED");
		assertThat(queryLong("SELECT count(*) FROM visit_change WHERE visit_id = ?", visitId)).isZero();
	}

	@Test
	void shouldLetASecretaryCorrectTheVisitedOrgWithAReasonAndMoveItsNeeds() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long wuquan = orgId(WUQUAN);
		long wucheng = orgId(WUCHENG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(wuquan), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visitId + "/check-out", checkOut(List.of("修缮村活动室")), 200, Identified.class);
		long dirtyBefore = dirty(wuquan) + dirty(wucheng);

		expectProblem(patching(as(secretary), visitId, Map.of("visitedOrgId", wucheng)), 400, "VALIDATION_FAILED");
		VisitView corrected = patch(as(secretary), visitId, Map.of("visitedOrgId", wucheng, "reason", "走访地点登记错误"), 200);
		assertThat(corrected.visitedOrgId()).isEqualTo(wucheng);
		assertThat(corrected.visitedOrgName()).isEqualTo("吴城镇");
		assertThat(corrected.townId()).isEqualTo(wucheng);
		assertThat(corrected.status()).isEqualTo("COMPLETED");
		assertThat(queryLong("SELECT count(*) FROM need WHERE visit_id = ? AND org_id = ? AND town_id = ?", visitId,
				wucheng, wucheng))
			.isEqualTo(1);
		assertThat(dirty(wuquan) + dirty(wucheng)).isGreaterThanOrEqualTo(dirtyBefore + 2);

		Change change = items(as(secretary), "/api/v1/visits/" + visitId + "/changes", Change.class).get(0);
		assertThat(change.reason()).isEqualTo("走访地点登记错误");
		assertThat(change.changedBy().id()).isEqualTo(secretary.id());
		assertThat(change.before().visitedOrgId()).isEqualTo(wuquan);
		assertThat(change.after().visitedOrgId()).isEqualTo(wucheng);
	}

	@Test
	void shouldRefuseCorrectionsFromOutsideTheVisitsScope() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser colleague = identities().withRole(Role.CADRE, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN)), 201, Identified.class).id();
		expectProblem(patching(as(colleague), visitId, Map.of("note", "x", "reason", "y")), 403, "FORBIDDEN_ROLE");
		expectProblem(patching(as(otherSecretary), visitId, Map.of("note", "x", "reason", "y")), 403,
				"FORBIDDEN_SCOPE");
		// the visitor cannot move their visit out of their scope, nor onto a county
		expectProblem(patching(as(cadre), visitId, Map.of("visitedOrgId", orgId(LINYING_TOWN))), 403,
				"FORBIDDEN_SCOPE");
		expectProblem(patching(as(cadre), visitId, Map.of("visitedOrgId", orgId(WUYANG))), 422, "INVALID_VISIT_TARGET");
		// photos must still be the visitor's own
		expectProblem(patching(as(secretary), visitId, Map.of("photoIds", List.of(999999999), "reason", "r")), 404,
				"NOT_FOUND");
		assertThat(queryLong("SELECT count(*) FROM visit_change WHERE visit_id = ?", visitId)).isZero();
		expectProblem(send(as(colleague), HttpMethod.GET, "/api/v1/visits/" + visitId + "/changes", null), 403,
				"FORBIDDEN_ROLE");
	}

	@Test
	void shouldReattachCorrectedPhotosToTheVisitsCurrentOrg() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long first = photoOf(cadre);
		long second = photoOf(cadre);
		long visitId = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(first)), 201,
				Identified.class)
			.id();

		// the same photo twice is refused, not merged (a silently coerced value)
		expectProblem(patching(as(cadre), visitId, Map.of("photoIds", List.of(second, second))), 400,
				"VALIDATION_FAILED");
		VisitView amended = patch(as(cadre), visitId, Map.of("photoIds", List.of(second)), 200);
		assertThat(amended.photoIds()).containsExactly(second);
		assertThat(queryLong("SELECT count(*) FROM media_attachment WHERE record_type = 'visit' AND record_id = ?"
				+ " AND media_id = ? AND org_id = ?", visitId, second, orgId(WUQUAN)))
			.isEqualTo(1);
		assertThat(queryLong("SELECT count(*) FROM media_attachment WHERE media_id = ?", first)).isZero();

		patch(as(secretary), visitId, Map.of("visitedOrgId", orgId(WUCHENG), "reason", "地点更正"), 200);
		assertThat(
				queryLong("SELECT org_id FROM media_attachment WHERE record_type = 'visit' AND record_id = ?", visitId))
			.isEqualTo(orgId(WUCHENG));
		// a photo the visitor did not upload cannot be slipped in
		expectProblem(patching(as(secretary), visitId, Map.of("photoIds", List.of(photoOf(secretary)), "reason", "r")),
				422, "PHOTO_NOT_OWNED");
	}

	/** A stored photo row (the upload itself is tested with the media feature). */
	private static long photoOf(TestUser owner) {
		return queryLong(
				"INSERT INTO media (owner_id, content_type, size, sha256, storage_key, created_at)"
						+ " VALUES (?, 'image/jpeg', 1, 'test', 'test/' || gen_random_uuid(), now()) RETURNING id",
				owner.id());
	}

	/** Corrects the visit, expecting {@code status}; its answer read as a visit. */
	private static VisitView patch(WebTestClient client, long visitId, Object body, int status) {
		return VisitFixtures.patch(client, "/api/v1/visits/" + visitId, body, status, VisitView.class);
	}

	/** Corrects the visit; its answer (a problem) still to be read. */
	private static WebTestClient.ResponseSpec patching(WebTestClient client, long visitId, Object body) {
		return send(client, HttpMethod.PATCH, "/api/v1/visits/" + visitId, body);
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

	/** One entry of {@code GET /visits/{id}/changes}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Change(long id, Person changedBy, @Nullable String reason, ChangedFields before, ChangedFields after) {
	}

	/** A visit as the correction answers it, as far as these tests read it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitView(long id, @Nullable String note, long visitedOrgId, String visitedOrgName, long townId,
			String status, List<Long> photoIds) {
	}

}
