package cn.luohe.grassroots.identity.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The city committee's departments (部室) as orgs, and the role bound to them. */
class DepartmentApiTests extends ApiTest {

	@Test
	void shouldFindEachDepartmentByItsCodeUnderTheCity() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		Map<String, String> departments = Map.of("4111-XSB", "学校少年部", "4111-ZZB", "组织部", "4111-QFB", "青发部", "4111-TZB",
				"统战部", "4111-SLB", "社联部");
		departments.forEach((code, name) -> as(admin).get()
			.uri("/api/v1/orgs/by-code/{code}", code)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo(name)
			.jsonPath("$.level")
			.isEqualTo("DEPARTMENT")
			.jsonPath("$.parentId")
			.isEqualTo(Db.orgId("4111")));
	}

	@Test
	void shouldLetACountySecretaryInviteToADepartmentAndShowTheRoleInMe() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411121");
		long zzb = Db.orgId("4111-ZZB");
		String code = code(invite(secretary, Map.of("role", "DEPARTMENT_STAFF", "orgId", zzb)));
		TestUser staff = identities().newUser("组织部干事");

		as(staff).post().uri("/api/v1/invitations/{code}/redeem", code).exchange().expectStatus().isOk();

		Me me = as(staff).get()
			.uri("/api/v1/me")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Me.class)
			.returnResult()
			.getResponseBody();
		assertThat(me.roles()).singleElement().satisfies(role -> {
			assertThat(role.role()).isEqualTo("DEPARTMENT_STAFF");
			assertThat(role.orgId()).isEqualTo(zzb);
		});
		// the staffer reads their department and the city above it, no county
		as(staff).get().uri("/api/v1/orgs/by-code/4111-ZZB").exchange().expectStatus().isOk();
		as(staff).get().uri("/api/v1/orgs/by-code/4111").exchange().expectStatus().isOk();
		expectProblem(as(staff).get().uri("/api/v1/orgs/by-code/411121").exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(staff).get().uri("/api/v1/dashboards/counties?month=2020-05").exchange(), 403,
				"FORBIDDEN_ROLE");
	}

	@Test
	void shouldLetACityAdminInviteToADepartmentButNotACityLeaderNorTheStaffThemselves() {
		long xsb = Db.orgId("4111-XSB");
		code(invite(identities().withRole(Role.CITY_ADMIN, "4111"), Map.of("role", "DEPARTMENT_STAFF", "orgId", xsb)));
		expectProblem(invite(identities().withRole(Role.CITY_LEADER, "4111"),
				Map.of("role", "DEPARTMENT_STAFF", "orgId", xsb)), 403, "FORBIDDEN_ROLE");
		expectProblem(invite(identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB"),
				Map.of("role", "DEPARTMENT_STAFF", "orgId", xsb)), 403, "FORBIDDEN_ROLE");
	}

	@Test
	void shouldBindDepartmentStaffOnlyToADepartmentAndNothingElseToOne() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		expectProblem(invite(admin, Map.of("role", "DEPARTMENT_STAFF", "orgId", Db.orgId("411121"))), 422,
				"ROLE_LEVEL_MISMATCH");
		expectProblem(invite(admin, Map.of("role", "CADRE", "orgId", Db.orgId("4111-QFB"))), 422,
				"ROLE_LEVEL_MISMATCH");
		// a county secretary's reach into the departments is for department staff only
		expectProblem(invite(identities().withRole(Role.COUNTY_SECRETARY, "411121"),
				Map.of("role", "CADRE", "orgId", Db.orgId("4111-QFB"))), 403, "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldNeverPlaceAnythingUnderADepartmentNorMoveOne() {
		WebTestClient admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
		expectProblem(move(admin, Db.orgId("411121100"), Db.orgId("4111-TZB")), 422, "INVALID_PARENT");
		expectProblem(move(admin, Db.orgId("4111-TZB"), Db.orgId("411121")), 422, "INVALID_PARENT");
		assertThat(Db.single("SELECT path FROM org_unit WHERE code = '411121100'", String.class))
			.isEqualTo("/4111/411121/411121100/");
	}

	private WebTestClient.ResponseSpec invite(TestUser caller, Map<String, Object> body) {
		return as(caller).post()
			.uri("/api/v1/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static WebTestClient.ResponseSpec move(WebTestClient client, long id, long parentId) {
		return client.patch()
			.uri("/api/v1/orgs/{id}", id)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("parentId", parentId))
			.exchange();
	}

	private static String code(WebTestClient.ResponseSpec created) {
		return InvitationApiTests.code(created);
	}

}
