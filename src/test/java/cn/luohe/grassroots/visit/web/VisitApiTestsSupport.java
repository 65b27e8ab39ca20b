package cn.luohe.grassroots.visit.web;

import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.web.VisitTestViews.ComplianceItem;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.items;

final class VisitApiTestsSupport {

	private VisitApiTestsSupport() {
	}

	static ComplianceItem complianceRow(WebTestClient overseer, long orgId, String month, TestUser user) {
		return items(overseer, "/api/v1/visits/compliance?limit=200&orgId=" + orgId + "&month=" + month,
				ComplianceItem.class)
			.stream()
			.filter(item -> item.userId() == user.id())
			.findFirst()
			.orElseThrow(() -> new AssertionError("user " + user.id() + " not on the compliance list"));
	}

}
