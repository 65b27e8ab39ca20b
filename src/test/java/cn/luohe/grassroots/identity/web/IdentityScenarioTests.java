package cn.luohe.grassroots.identity.web;

import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Me;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3's "done when": a bootstrap admin signs in through (fake) WeChat, invites a 舞阳县
 * secretary and a cadre, they redeem and see their roles; the secretary cannot reach into
 * 临颍县.
 */
class IdentityScenarioTests extends ApiTest {

	@Test
	void shouldLetTheBootstrapAdminStaffWuyangWhileWuyangStaysOutOfLinying() {
		TestUser admin = identities().wechatLogin("bootstrap-admin");
		long wuyang = orgIdByCode(admin, "411121");
		long linying = orgIdByCode(admin, "411122");

		String secretaryCode = invite(as(admin), Map.of("role", "COUNTY_SECRETARY", "orgId", wuyang)).expectStatus()
			.isCreated()
			.expectBody(IdentityTestViews.Invitation.class)
			.returnResult()
			.getResponseBody()
			.code();
		String cadreCode = invite(as(admin), Map.of("role", "CADRE", "orgId", wuyang)).expectStatus()
			.isCreated()
			.expectBody(IdentityTestViews.Invitation.class)
			.returnResult()
			.getResponseBody()
			.code();

		TestUser secretary = identities().wechatLogin("openid-secretary-" + UUID.randomUUID());
		TestUser cadre = identities().wechatLogin("openid-cadre-" + UUID.randomUUID());
		redeem(secretary, secretaryCode);
		redeem(cadre, cadreCode);

		for (Map.Entry<TestUser, String> holder : Map.of(secretary, "COUNTY_SECRETARY", cadre, "CADRE").entrySet()) {
			Me me = as(holder.getKey()).get()
				.uri("/api/v1/me")
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(Me.class)
				.returnResult()
				.getResponseBody();
			assertThat(me.roles()).singleElement().satisfies(role -> {
				assertThat(role.role()).isEqualTo(holder.getValue());
				assertThat(role.orgId()).isEqualTo(wuyang);
			});
		}

		expectProblem(invite(as(secretary), Map.of("role", "CADRE", "orgId", linying)), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(secretary).get().uri("/api/v1/orgs/{id}", linying).exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(secretary).get().uri("/api/v1/orgs/{id}/children", linying).exchange(), 403,
				"FORBIDDEN_SCOPE");
		// their own county is theirs to staff
		invite(as(secretary), Map.of("role", "CADRE", "orgId", wuyang)).expectStatus().isCreated();
	}

	private WebTestClient.ResponseSpec invite(WebTestClient caller, Map<String, Object> body) {
		return caller.post()
			.uri("/api/v1/invitations")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private void redeem(TestUser user, String code) {
		as(user).post().uri("/api/v1/invitations/{code}/redeem", code).exchange().expectStatus().isOk();
	}

	private long orgIdByCode(TestUser caller, String code) {
		return as(caller).get()
			.uri("/api/v1/orgs/by-code/{code}", code)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

}
