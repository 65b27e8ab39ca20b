package cn.luohe.grassroots.identity.internal;

import java.util.List;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.api.RoleBinding;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgLevel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrantRulesTests {

	static final Org CITY = new Org(1, "4111", "漯河市", OrgLevel.CITY, null, "/4111/");

	static final Org WUYANG = new Org(2, "411121", "舞阳县", OrgLevel.COUNTY, 1L, "/4111/411121/");

	static final Org LINYING = new Org(3, "411122", "临颍县", OrgLevel.COUNTY, 1L, "/4111/411122/");

	static final Org TOWN = new Org(4, "411121100", "舞泉镇", OrgLevel.TOWN, 2L, "/4111/411121/411121100/");

	static final Org ZZB = new Org(5, "4111-ZZB", "组织部", OrgLevel.DEPARTMENT, 1L, "/4111/4111-ZZB/");

	static final Org OTHER_CITY_DEPARTMENT = new Org(6, "4112-ZZB", "组织部", OrgLevel.DEPARTMENT, 7L, "/4112/4112-ZZB/");

	@Test
	void shouldLetOnlyCityAdminsAndCountySecretariesGrantDepartmentStaff() {
		assertThatCode(() -> GrantRules.require(caller(Role.CITY_ADMIN, CITY), Role.DEPARTMENT_STAFF, ZZB))
			.doesNotThrowAnyException();
		// a department lies outside every county's subtree; a secretary reaches their own
		// city committee's departments, not another city's
		assertThatCode(() -> GrantRules.require(caller(Role.COUNTY_SECRETARY, WUYANG), Role.DEPARTMENT_STAFF, ZZB))
			.doesNotThrowAnyException();
		expect(() -> GrantRules.require(caller(Role.COUNTY_SECRETARY, WUYANG), Role.DEPARTMENT_STAFF,
				OTHER_CITY_DEPARTMENT), "FORBIDDEN_SCOPE");
		// the exception is for departments only: a secretary still grants no other role
		// there
		expect(() -> GrantRules.require(caller(Role.COUNTY_SECRETARY, WUYANG), Role.CADRE, ZZB), "FORBIDDEN_SCOPE");
		expect(() -> GrantRules.require(caller(Role.CITY_LEADER, CITY), Role.DEPARTMENT_STAFF, ZZB), "FORBIDDEN_ROLE");
		expect(() -> GrantRules.require(caller(Role.DEPARTMENT_STAFF, ZZB), Role.DEPARTMENT_STAFF, ZZB),
				"FORBIDDEN_ROLE");
		assertThatCode(() -> GrantRules.requireLevel(Role.DEPARTMENT_STAFF, ZZB)).doesNotThrowAnyException();
		expect(() -> GrantRules.requireLevel(Role.DEPARTMENT_STAFF, WUYANG), "ROLE_LEVEL_MISMATCH");
		expect(() -> GrantRules.requireLevel(Role.CADRE, ZZB), "ROLE_LEVEL_MISMATCH");
	}

	@Test
	void shouldLetACountySecretaryRevokeInADepartmentOnlyWhatTheyGranted() {
		Caller secretary = caller(Role.COUNTY_SECRETARY, WUYANG);
		RoleBinding staff = new RoleBinding(20, Role.DEPARTMENT_STAFF, ZZB, null);

		assertThatCode(() -> GrantRules.requireRevoke(secretary, staff, secretary.userId())).doesNotThrowAnyException();
		expect(() -> GrantRules.requireRevoke(secretary, staff, secretary.userId() + 1), "FORBIDDEN_SCOPE");
		expect(() -> GrantRules.requireRevoke(secretary, staff, null), "FORBIDDEN_SCOPE");
		// another city's department stays out of reach, their own grant or not
		expect(() -> GrantRules.requireRevoke(secretary,
				new RoleBinding(21, Role.DEPARTMENT_STAFF, OTHER_CITY_DEPARTMENT, null), secretary.userId()),
				"FORBIDDEN_SCOPE");
		// inside their county the grantor does not matter
		assertThatCode(() -> GrantRules.requireRevoke(secretary, new RoleBinding(22, Role.CADRE, WUYANG, null), null))
			.doesNotThrowAnyException();
		expect(() -> GrantRules.requireRevoke(secretary, new RoleBinding(23, Role.CITY_LEADER, CITY, null),
				secretary.userId()), "FORBIDDEN_ROLE");
		assertThatCode(() -> GrantRules.requireRevoke(caller(Role.CITY_ADMIN, CITY), staff, null))
			.doesNotThrowAnyException();
	}

	@Test
	void shouldLetSecretariesGrantUpToTheirOwnRankInsideTheirCounty() {
		Caller secretary = caller(Role.COUNTY_SECRETARY, WUYANG);

		assertThatCode(() -> GrantRules.require(secretary, Role.COUNTY_SECRETARY, WUYANG)).doesNotThrowAnyException();
		assertThatCode(() -> GrantRules.require(secretary, Role.YOUTH_HOME_MANAGER, TOWN)).doesNotThrowAnyException();
		expect(() -> GrantRules.require(secretary, Role.CITY_LEADER, WUYANG), "FORBIDDEN_ROLE");
		expect(() -> GrantRules.require(secretary, Role.CADRE, LINYING), "FORBIDDEN_SCOPE");
		expect(() -> GrantRules.require(secretary, Role.CADRE, CITY), "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldNotLetALowerBindingLendItsScopeToAHigherOne() {
		// a cadre at the city who is secretary in 舞阳 grants in 舞阳 only
		Caller caller = new Caller(7, "two hats", List.of(new RoleBinding(1, Role.CADRE, CITY, null),
				new RoleBinding(2, Role.COUNTY_SECRETARY, WUYANG, null)));

		assertThatCode(() -> GrantRules.require(caller, Role.CADRE, WUYANG)).doesNotThrowAnyException();
		expect(() -> GrantRules.require(caller, Role.CADRE, LINYING), "FORBIDDEN_SCOPE");
	}

	@Test
	void shouldLetCadresAndGrassrootsRolesGrantNothing() {
		for (Role role : List.of(Role.CADRE, Role.YOUTH_HOME_MANAGER, Role.FIRST_SECRETARY)) {
			expect(() -> GrantRules.require(caller(role, WUYANG), Role.FIRST_SECRETARY, TOWN), "FORBIDDEN_ROLE");
		}
		expect(() -> GrantRules.require(new Caller(9, "nobody", List.of()), Role.CADRE, WUYANG), "FORBIDDEN_ROLE");
	}

	@Test
	void shouldLetTheCityAdminGrantEverything() {
		Caller admin = caller(Role.CITY_ADMIN, CITY);
		for (Role role : Role.values()) {
			assertThatCode(() -> GrantRules.require(admin, role, TOWN)).doesNotThrowAnyException();
		}
	}

	@Test
	void shouldBindRolesOnlyAtTheirLevel() {
		assertThatCode(() -> GrantRules.requireLevel(Role.CADRE, CITY)).doesNotThrowAnyException();
		assertThatCode(() -> GrantRules.requireLevel(Role.CADRE, WUYANG)).doesNotThrowAnyException();
		expect(() -> GrantRules.requireLevel(Role.CADRE, TOWN), "ROLE_LEVEL_MISMATCH");
		expect(() -> GrantRules.requireLevel(Role.COUNTY_SECRETARY, CITY), "ROLE_LEVEL_MISMATCH");
		expect(() -> GrantRules.requireLevel(Role.CITY_LEADER, WUYANG), "ROLE_LEVEL_MISMATCH");
	}

	private static Caller caller(Role role, Org org) {
		return new Caller(5, role.name(), List.of(new RoleBinding(1, role, org, null)));
	}

	private static void expect(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
		assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
				ex -> org.assertj.core.api.Assertions.assertThat(ex.code()).isEqualTo(code));
	}

}
