package cn.luohe.grassroots.identity.web;

import java.util.List;
import java.util.Map;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.identity.web.IdentityTestViews.Invitation;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An invitation's creation holds two statements in its transaction (issue 19): the
 * invitation and its audit row. It takes no idempotency key by design: a retry makes a
 * second code, which harms nothing (a code binds nobody until it is redeemed).
 */
class InvitationRoundTripTests extends RoundTripTest {

	@Test
	void shouldCreateAnInvitationWithTwoStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, "411121");
		statements.clear();

		Invitation created = created(secretary, null, Map.of("role", "CADRE", "orgId", Identities.orgId("411121")),
				Invitation.class, "/api/v1/invitations");

		assertThat(created.code()).isNotBlank();
		List<List<String>> transactions = statements.transactionsWith("INSERT INTO invitation (");
		assertThat(transactions).hasSize(1);
		assertThat(transactions.get(0)).hasSize(2);
		assertThat(transactions.get(0).get(1)).contains("INSERT INTO identity_audit");
	}

}
