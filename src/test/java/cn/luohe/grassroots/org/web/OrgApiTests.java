package cn.luohe.grassroots.org.web;

import java.util.List;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

class OrgApiTests extends ApiTest {

	private WebTestClient admin;

	@BeforeEach
	void signIn() {
		this.admin = as(identities().withRole(Role.CITY_ADMIN, "4111"));
	}

	@Test
	void shouldFindTheCityByCode() {
		this.admin.get()
			.uri("/api/v1/orgs/by-code/4111")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("漯河市")
			.jsonPath("$.level")
			.isEqualTo("CITY")
			.jsonPath("$.parentId")
			.isEmpty();
	}

	@Test
	void shouldListTheEightCountyLevelLeagueUnitsUnderTheCity() {
		long cityId = cityId();
		Page<OrgItem> page = this.admin.get()
			.uri("/api/v1/orgs/{id}/children", cityId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(OrgItem.class))
			.returnResult()
			.getResponseBody();
		List<OrgItem> items = page.items();
		assertThat(items).filteredOn(i -> "COUNTY".equals(i.level()))
			.extracting(OrgItem::name)
			.containsExactlyInAnyOrder("源汇区", "郾城区", "召陵区", "舞阳县", "临颍县", "漯河经济技术开发区", "城乡一体化示范区", "西城区");
		// the rest are the city committee's five departments (部室)
		assertThat(items).filteredOn(i -> !"COUNTY".equals(i.level()))
			.allSatisfy(i -> assertThat(i.level()).isEqualTo("DEPARTMENT"))
			.extracting(OrgItem::name)
			.containsExactlyInAnyOrder("学校少年部", "组织部", "青发部", "统战部", "社联部");
		assertThat(page.nextCursor()).isNull();
	}

	@Test
	void shouldPageThroughChildrenWithACursor() {
		long id = this.admin.get()
			.uri("/api/v1/orgs/by-code/411121")
			.exchange()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
		Page<OrgItem> first = this.admin.get()
			.uri("/api/v1/orgs/{id}/children?limit=5", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(OrgItem.class))
			.returnResult()
			.getResponseBody();
		assertThat(first.items()).hasSize(5);
		assertThat(first.nextCursor()).isNotNull();
		Page<OrgItem> rest = this.admin.get()
			.uri("/api/v1/orgs/{id}/children?limit=200&cursor={c}", id, first.nextCursor())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(OrgItem.class))
			.returnResult()
			.getResponseBody();
		List<OrgItem> all = new java.util.ArrayList<>(first.items());
		all.addAll(rest.items());
		// 舞阳县 has 14 towns in the 2023 division codes, among them 舞泉镇
		assertThat(all).hasSize(14).extracting(OrgItem::name).contains("舞泉镇").doesNotHaveDuplicates();
		assertThat(rest.nextCursor()).isNull();
	}

	@Test
	void shouldAnswerUnknownOrgsWithProblemJson() {
		this.admin.get()
			.uri("/api/v1/orgs/by-code/0000")
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		this.admin.get()
			.uri("/api/v1/orgs/abc")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("id");
		this.admin.get()
			.uri("/api/v1/orgs/{id}/children?limit=500", cityId())
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("limit");
	}

	private long cityId() {
		return this.admin.get()
			.uri("/api/v1/orgs/by-code/4111")
			.exchange()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody()
			.id();
	}

	/** An org as its children list shows it. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record OrgItem(long id, String name, String level) {
	}

}
