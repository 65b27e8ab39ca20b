package cn.luohe.grassroots.org.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrgTests {

	private final Org wuyang = new Org(5, "411121", "舞阳县", OrgLevel.COUNTY, 1L, "/4111/411121/");

	private final Org wuquan = new Org(40, "411121100", "舞泉镇", OrgLevel.TOWN, 5L, "/4111/411121/411121100/");

	private final Org linying = new Org(6, "411122", "临颍县", OrgLevel.COUNTY, 1L, "/4111/411122/");

	@Test
	void shouldContainItselfAndItsSubtreeOnly() {
		assertThat(this.wuyang.contains(this.wuyang)).isTrue();
		assertThat(this.wuyang.contains(this.wuquan)).isTrue();
		assertThat(this.linying.contains(this.wuquan)).isFalse();
		assertThat(this.wuquan.contains(this.wuyang)).isFalse();
	}

	@Test
	void shouldNotConfuseCodesThatShareAPrefix() {
		Org fake = new Org(7, "4111211", "x", OrgLevel.COUNTY, 1L, "/4111/4111211/");
		assertThat(this.wuyang.contains(fake)).isFalse();
	}

	@Test
	void shouldNameAncestorsByLevel() {
		assertThat(this.wuquan.ancestorCode(OrgLevel.CITY)).isEqualTo("4111");
		assertThat(this.wuquan.ancestorCode(OrgLevel.COUNTY)).isEqualTo("411121");
		assertThat(this.wuquan.ancestorCode(OrgLevel.TOWN)).isEqualTo("411121100");
		assertThat(this.wuquan.ancestorCode(OrgLevel.VILLAGE)).isNull();
	}

}
