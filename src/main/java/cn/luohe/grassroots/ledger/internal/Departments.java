package cn.luohe.grassroots.ledger.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The city committee's departments (部室) the ledger names, by their org code. */
final class Departments {

	static final Map<String, String> BY_CODE;

	static {
		Map<String, String> departments = new LinkedHashMap<>();
		departments.put("4111-XSB", "学校少年部");
		departments.put("4111-ZZB", "组织部");
		departments.put("4111-QFB", "青发部");
		departments.put("4111-TZB", "统战部");
		departments.put("4111-SLB", "社联部");
		BY_CODE = Map.copyOf(departments);
	}

	private Departments() {
	}

}
