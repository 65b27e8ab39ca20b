package cn.luohe.grassroots.identity.web;

import java.util.List;

import cn.luohe.grassroots.support.Responses.Identified;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Typed answers of the identity endpoints, as far as the tests read them. */
final class IdentityTestViews {

	private IdentityTestViews() {
	}

	/** The answer of {@code POST /invitations}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Invitation(String code, String expiresAt) {
	}

	/** {@code GET /me} read for the ids of the caller's role bindings. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Bindings(List<Identified> roles) {

		long first() {
			return this.roles.get(0).id();
		}

	}

}
