package cn.luohe.grassroots.visit.web;

import java.util.Map;

import cn.luohe.grassroots.support.TestUser;

import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;

final class VisitApiTestsSupport {

	private VisitApiTestsSupport() {
	}

	static Map<String, Object> complianceRow(WebTestClient overseer, long orgId, String month, TestUser user) {
		return items(get(overseer, "/api/v1/visits/compliance?limit=200&orgId=" + orgId + "&month=" + month, 200))
			.stream()
			.filter(item -> ((Number) item.get("userId")).longValue() == user.id())
			.findFirst()
			.orElseThrow(() -> new AssertionError("user " + user.id() + " not on the compliance list"));
	}

}
