package cn.luohe.grassroots.identity.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.TestUser;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;

/**
 * Every endpoint of the identity and org families, called by a caller inside the target's
 * scope (2xx), by the same role one county over (403 FORBIDDEN_SCOPE) and by a caller
 * whose roles do not allow the action (403 FORBIDDEN_ROLE).
 *
 * <p>
 * Not in the matrix, because scope does not apply: the caller's own {@code /me},
 * {@code PATCH /me}, {@code /me/phone}, and {@code /invitations/{code}/redeem} (the code
 * carries the scope). City-only endpoints ({@code PATCH /orgs/{id}}, {@code /audit}) have
 * no sibling-county caller: CITY_ADMIN is bound to the city, which covers every county.
 */
class ScopeMatrixTests extends ApiTest {

	@TestFactory
	Stream<DynamicTest> shouldEnforceRoleAndScopeOnEveryEndpoint() {
		TestUser wuyangSecretary = identities().withRole(Role.COUNTY_SECRETARY, "411121");
		TestUser linyingSecretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		TestUser wuyangCadre = identities().withRole(Role.CADRE, "411121");
		TestUser cityAdmin = identities().withRole(Role.CITY_ADMIN, "4111");
		TestUser nobody = identities().newUser("no roles");
		long wuyang = Identities.orgId("411121");
		long town = Identities.orgId("411121100");

		List<Endpoint> endpoints = List.of(
				new Endpoint("GET /orgs/{id}", c -> c.get().uri("/api/v1/orgs/{id}", town).exchange(), 200, wuyangCadre,
						linyingSecretary, nobody),
				new Endpoint("GET /orgs/by-code/{code}",
						c -> c.get().uri("/api/v1/orgs/by-code/{code}", "411121100").exchange(), 200, wuyangCadre,
						linyingSecretary, nobody),
				new Endpoint("GET /orgs/{id}/children",
						c -> c.get().uri("/api/v1/orgs/{id}/children", wuyang).exchange(), 200, wuyangSecretary,
						linyingSecretary, nobody),
				new Endpoint("PATCH /orgs/{id}",
						c -> c.patch()
							.uri("/api/v1/orgs/{id}", town)
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(Map.of("parentId", wuyang))
							.exchange(),
						200, cityAdmin, null, wuyangSecretary),
				new Endpoint("POST /invitations",
						c -> c.post()
							.uri("/api/v1/invitations")
							.contentType(MediaType.APPLICATION_JSON)
							.bodyValue(Map.of("role", "CADRE", "orgId", wuyang))
							.exchange(),
						201, wuyangSecretary, linyingSecretary, wuyangCadre),
				new Endpoint("GET /users?orgId=", c -> c.get().uri("/api/v1/users?orgId={org}", wuyang).exchange(), 200,
						wuyangSecretary, linyingSecretary, wuyangCadre),
				new Endpoint("DELETE /users/{userId}/roles/{bindingId}", c -> {
					TestUser holder = identities().withRole(Role.CADRE, "411121");
					return c.delete()
						.uri("/api/v1/users/{user}/roles/{binding}", holder.id(), firstBinding(holder))
						.exchange();
				}, 204, wuyangSecretary, linyingSecretary, wuyangCadre), new Endpoint("GET /audit",
						c -> c.get().uri("/api/v1/audit").exchange(), 200, cityAdmin, null, wuyangSecretary));

		List<DynamicTest> tests = new ArrayList<>();
		for (Endpoint endpoint : endpoints) {
			tests.add(DynamicTest.dynamicTest(endpoint.name() + ": inside scope",
					() -> endpoint.call().apply(as(endpoint.inside())).expectStatus().isEqualTo(endpoint.okStatus())));
			if (endpoint.siblingCounty() != null) {
				tests.add(DynamicTest.dynamicTest(endpoint.name() + ": sibling county",
						() -> expectProblem(endpoint.call().apply(as(endpoint.siblingCounty())), 403,
								"FORBIDDEN_SCOPE")));
			}
			tests.add(DynamicTest.dynamicTest(endpoint.name() + ": wrong role",
					() -> expectProblem(endpoint.call().apply(as(endpoint.wrongRole())), 403, "FORBIDDEN_ROLE")));
		}
		return tests.stream();
	}

	private long firstBinding(TestUser user) {
		return as(user).get()
			.uri("/api/v1/me")
			.exchange()
			.expectBody(IdentityTestViews.Bindings.class)
			.returnResult()
			.getResponseBody()
			.first();
	}

	private record Endpoint(String name, Function<WebTestClient, WebTestClient.ResponseSpec> call, int okStatus,
			TestUser inside, @Nullable TestUser siblingCounty, TestUser wrongRole) {
	}

}
