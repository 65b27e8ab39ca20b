package cn.luohe.grassroots.identity.web;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.AuditEvent;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /users, DELETE /users/{id}/roles/{bindingId} and GET /audit. */
class UserAdminApiTests extends ApiTest {

	private static final String WUYANG = InvitationApiTests.WUYANG;

	private static final String LINYING = InvitationApiTests.LINYING;

	@Test
	void shouldListTheUsersOfTheSubtreeWithMaskedPhonesAndOnlyTheirBindingsInScope() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser both = identities().withRole(Role.CADRE, WUYANG);
		identities().grant(both, Role.CADRE, LINYING, null);
		setPhone(both, "13800138000");
		TestUser elsewhere = identities().withRole(Role.CADRE, LINYING);

		Me listed = UserPages.find(as(secretary), Identities.orgId(WUYANG), both.id());

		assertThat(listed).isNotNull();
		assertThat(listed.displayName()).isEqualTo(both.displayName());
		assertThat(listed.phone()).isEqualTo("138****8000");
		assertThat(listed.roles()).singleElement().satisfies(role -> {
			assertThat(role.role()).isEqualTo("CADRE");
			assertThat(role.orgId()).isEqualTo(Identities.orgId(WUYANG));
		});
		assertThat(UserPages.find(as(secretary), Identities.orgId(WUYANG), elsewhere.id())).isNull();
		assertThat(UserPages.find(as(secretary), Identities.orgId(WUYANG), secretary.id())).isNotNull();
	}

	@Test
	void shouldPageThroughUsersWithACursor() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		for (int i = 0; i < 3; i++) {
			identities().withRole(Role.YOUTH_HOME_MANAGER, "411121100");
		}
		long town = Identities.orgId("411121100");
		Set<Object> seen = new HashSet<>();
		String cursor = null;
		int pages = 0;
		do {
			String uri = "/api/v1/users?orgId=" + town + "&limit=2" + ((cursor != null) ? "&cursor=" + cursor : "");
			Page<Identified> page = as(secretary).get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Responses.page(Identified.class))
				.returnResult()
				.getResponseBody();
			List<Identified> items = page.items();
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach(item -> assertThat(seen.add(item.id())).isTrue());
			cursor = page.nextCursor();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSizeGreaterThanOrEqualTo(3);
		assertThat(pages).isGreaterThanOrEqualTo(2);
		expectProblem(as(secretary).get().uri("/api/v1/users?orgId=" + town + "&cursor=x").exchange(), 400,
				"VALIDATION_FAILED");
		expectProblem(as(secretary).get().uri("/api/v1/users").exchange(), 400, "VALIDATION_FAILED");
	}

	@Test
	void shouldRevokeABindingAtOnceAndAuditIt() throws Exception {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		long binding = bindingId(cadre);
		long before = AuthApiTests.lastAuditId();

		as(secretary).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", cadre.id(), binding)
			.exchange()
			.expectStatus()
			.isNoContent();

		as(cadre).get().uri("/api/v1/me").exchange().expectBody().jsonPath("$.roles.length()").isEqualTo(0);
		expectProblem(as(cadre).get().uri("/api/v1/orgs/by-code/" + WUYANG).exchange(), 403, "FORBIDDEN_ROLE");
		assertThat(AuthApiTests.auditSince(before)).contains("BINDING_REVOKED binding=" + binding + " role=CADRE");
		// gone now
		expectProblem(
				as(secretary).delete().uri("/api/v1/users/{user}/roles/{binding}", cadre.id(), binding).exchange(), 404,
				"NOT_FOUND");
	}

	@Test
	void shouldRevokeOnlyWhatTheCallerCouldHaveGranted() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser peer = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser otherAdmin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);

		expectProblem(revoke(secretary, leader), 403, "FORBIDDEN_ROLE");
		expectProblem(revoke(leader, admin), 403, "FORBIDDEN_ROLE");
		expectProblem(revoke(cadre, identities().withRole(Role.CADRE, WUYANG)), 403, "FORBIDDEN_ROLE");
		expectProblem(revoke(identities().withRole(Role.COUNTY_SECRETARY, LINYING), cadre), 403, "FORBIDDEN_SCOPE");
		// a foreign binding id: another user's binding under this user's id
		expectProblem(as(secretary).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", peer.id(), bindingId(cadre))
			.exchange(), 404, "NOT_FOUND");
		expectProblem(as(secretary).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", cadre.id(), Long.MAX_VALUE)
			.exchange(), 404, "NOT_FOUND");

		revoke(secretary, peer).expectStatus().isNoContent();
		revoke(leader, identities().withRole(Role.CITY_LEADER, "4111")).expectStatus().isNoContent();
		revoke(admin, otherAdmin).expectStatus().isNoContent();
		revoke(admin, cadre).expectStatus().isNoContent();
	}

	@Test
	void shouldLetACountySecretaryRevokeOnlyTheDepartmentStaffTheyGranted() throws Exception {
		// a department lies in no county: a secretary's reach into it is for their own
		// grants
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser wuyangSecretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser linyingSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser byAdmin = departmentStaff(admin, "青发部干事甲");
		TestUser byWuyang = departmentStaff(wuyangSecretary, "青发部干事乙");
		TestUser byLinying = departmentStaff(linyingSecretary, "青发部干事丙");
		long before = AuthApiTests.lastAuditId();

		expectProblem(revoke(linyingSecretary, byAdmin), 403, "FORBIDDEN_SCOPE");
		expectProblem(revoke(linyingSecretary, byWuyang), 403, "FORBIDDEN_SCOPE");
		expectProblem(revoke(wuyangSecretary, byAdmin), 403, "FORBIDDEN_SCOPE");
		for (TestUser staff : List.of(byAdmin, byWuyang)) {
			as(staff).get()
				.uri("/api/v1/me")
				.exchange()
				.expectBody()
				.jsonPath("$.roles.length()")
				.isEqualTo(1)
				.jsonPath("$.roles[0].role")
				.isEqualTo("DEPARTMENT_STAFF");
		}
		assertThat(AuthApiTests.auditSince(before)).isEmpty();

		revoke(wuyangSecretary, byWuyang).expectStatus().isNoContent();
		revoke(admin, byAdmin).expectStatus().isNoContent();
		// the city admin takes back anything, a county secretary's grants too
		revoke(admin, byLinying).expectStatus().isNoContent();
		for (TestUser staff : List.of(byAdmin, byWuyang, byLinying)) {
			as(staff).get().uri("/api/v1/me").exchange().expectBody().jsonPath("$.roles.length()").isEqualTo(0);
		}
	}

	@Test
	void shouldShowTheAuditNewestFirstToCityAdminsOnly() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		for (int i = 0; i < 2; i++) {
			as(admin).post()
				.uri("/api/v1/invitations")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("role", "CADRE", "orgId", Identities.orgId(WUYANG)))
				.exchange()
				.expectStatus()
				.isCreated();
		}

		Page<AuditEvent> first = page(as(admin), null);
		List<AuditEvent> items = first.items();
		assertThat(items).hasSize(1);
		AuditEvent newest = items.get(0);
		assertThat(newest.event()).isEqualTo("INVITATION_CREATED");
		assertThat(newest.subjectUserId()).isNull();
		assertThat(newest.orgId()).isEqualTo(Identities.orgId(WUYANG));
		assertThat(newest.actorUserId()).isEqualTo(admin.id());
		assertThat(newest.detail()).startsWith("invitation=").contains("role=CADRE");
		assertThat(newest.at()).endsWith("+08:00");

		Page<AuditEvent> second = page(as(admin), first.nextCursor());
		AuditEvent older = second.items().get(0);
		assertThat(older.id()).isLessThan(newest.id());
		assertThat(older.event()).isEqualTo("INVITATION_CREATED");

		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG)).get().uri("/api/v1/audit").exchange(),
				403, "FORBIDDEN_ROLE");
		expectProblem(as(identities().withRole(Role.CITY_LEADER, "4111")).get().uri("/api/v1/audit").exchange(), 403,
				"FORBIDDEN_ROLE");
	}

	private Page<AuditEvent> page(WebTestClient client, String cursor) {
		return client.get()
			.uri("/api/v1/audit?limit=1" + ((cursor != null) ? "&cursor=" + cursor : ""))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(AuditEvent.class))
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec revoke(TestUser caller, TestUser holder) {
		return as(caller).delete()
			.uri("/api/v1/users/{user}/roles/{binding}", holder.id(), bindingId(holder))
			.exchange();
	}

	/**
	 * A new user made DEPARTMENT_STAFF of 青发部 by {@code inviter}'s invitation, which
	 * records the inviter as the binding's grantor.
	 */
	private TestUser departmentStaff(TestUser inviter, String name) {
		String code = InvitationApiTests.code(as(inviter).post()
			.uri("/api/v1/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("role", "DEPARTMENT_STAFF", "orgId", Identities.orgId("4111-QFB")))
			.exchange());
		TestUser staff = identities().newUser(name);
		as(staff).post().uri("/api/v1/invitations/{code}/redeem", code).exchange().expectStatus().isOk();
		return staff;
	}

	/** The first binding of {@code user}, as their own /me shows it. */
	long bindingId(TestUser user) {
		return as(user).get()
			.uri("/api/v1/me")
			.exchange()
			.expectBody(IdentityTestViews.Bindings.class)
			.returnResult()
			.getResponseBody()
			.first();
	}

	private static void setPhone(TestUser user, String phone) throws Exception {
		try (Connection connection = Identities.connect();
				PreparedStatement update = connection.prepareStatement("UPDATE app_user SET phone = ? WHERE id = ?")) {
			update.setString(1, phone);
			update.setLong(2, user.id());
			update.executeUpdate();
		}
	}

}
