package cn.luohe.grassroots.leagueorg.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who owns what (附件3): each department's domains and host units. */
class DepartmentTests {

	@Test
	void shouldGiveTheSchoolDomainToTheSchoolDepartmentAlone() {
		for (HostUnitKind kind : HostUnitKind.values()) {
			boolean school = Department.SCHOOL_AND_YOUNG_PIONEERS.covers(HostUnitProfile.of(kind));
			assertThat(school).as(kind.name()).isEqualTo(kind.domain() == LeagueDomain.SCHOOL);
		}
		assertThat(Department.SCHOOL_AND_YOUNG_PIONEERS.domains()).containsExactly(LeagueDomain.SCHOOL);
	}

	@Test
	void shouldGiveEverySocialKindToSomeDepartment() {
		for (HostUnitKind kind : HostUnitKind.values()) {
			HostUnitProfile unit = HostUnitProfile.of(kind);
			assertThat(java.util.Arrays.stream(Department.values()).anyMatch(d -> d.covers(unit))).as(kind.name())
				.isTrue();
		}
	}

	@Test
	void shouldRouteOnlyMemberOrRankedPrivateEnterprisesToTheUnitedFrontDepartment() {
		HostUnitProfile plain = HostUnitProfile.of(HostUnitKind.PRIVATE_ENTERPRISE);
		HostUnitProfile member = new HostUnitProfile(HostUnitKind.PRIVATE_ENTERPRISE, true, false, false, false);
		HostUnitProfile ranked = new HostUnitProfile(HostUnitKind.PRIVATE_ENTERPRISE, false, false, false, true);
		assertThat(Department.UNITED_FRONT.covers(plain)).isFalse();
		assertThat(Department.UNITED_FRONT.covers(member)).isTrue();
		assertThat(Department.UNITED_FRONT.covers(ranked)).isTrue();
		assertThat(Department.YOUTH_DEVELOPMENT.covers(plain)).isTrue();
		assertThat(Department.SOCIAL_LIAISON.covers(HostUnitProfile.of(HostUnitKind.EXPRESS_DELIVERY))).isTrue();
		assertThat(Department.ORGANIZATION.covers(HostUnitProfile.of(HostUnitKind.COUNTY_AGENCY))).isTrue();
	}

	@Test
	void shouldFindDepartmentsByTheirOrgCodes() {
		assertThat(Department.ofCode("4111-XSB")).contains(Department.SCHOOL_AND_YOUNG_PIONEERS);
		assertThat(Department.ofCode("4111-ZZB")).contains(Department.ORGANIZATION);
		assertThat(Department.ofCode("411121")).isEmpty();
		assertThat(Department.ORGANIZATION.receivesMonthlyForms()).isTrue();
	}

}
