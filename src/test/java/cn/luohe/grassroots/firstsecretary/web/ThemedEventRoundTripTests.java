package cn.luohe.grassroots.firstsecretary.web;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryTestViews.Theme;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryTestViews.ThemedEvent;
import cn.luohe.grassroots.firstsecretary.web.FirstSecretaryTestViews.VolunteerTeam;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A themed event's transaction holds at most three statements (issue 19): its idempotency
 * key, the event with its photos, feed event and dirty mark in one {@code WITH}
 * statement, and the stored answer. The village, its town, the theme, the volunteer team,
 * the month's closure and the photos' ownership are read and judged before it. Counted on
 * an instance whose connections record their statements; adding a statement fails this
 * test. 郾城区's theme of the month 28 months back is published by no other test.
 */
class ThemedEventRoundTripTests extends RoundTripTest {

	private static final String YANCHENG = "411103";

	/** A village of 郾城区. */
	private static final String SHANGNAN = "411103102201";

	@Test
	void shouldLogAThemedEventWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, YANCHENG);
		// the service's business month (its clock is fixed), not the wall clock's
		YearMonth month = instance.context().getBean(BusinessClock.class).currentMonth().minusMonths(28);
		long theme = theme(secretary, month);
		TestUser firstSecretary = identities.withRole(Role.FIRST_SECRETARY, SHANGNAN);
		Instant heldAt = BusinessClock.startOf(month).plus(Duration.ofHours(10));
		Map<String, Object> body = Map.of("themeId", theme, "villageId", Db.orgId(SHANGNAN), "title", "往返测试：入户走访",
				"heldAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(heldAt.atZone(BusinessClock.ZONE)),
				"participants", 9);
		statements.clear();

		ThemedEvent first = log(firstSecretary, "round-trips-themed-event", body);

		expectKeyStatementAnswer("INSERT INTO themed_event", "INSERT INTO themed_event", "INSERT INTO feed_event",
				"INSERT INTO count_dirty");
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND type = 'THEMED_EVENT_LOGGED'",
				first.id()))
			.isOne();

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(log(firstSecretary, "round-trips-themed-event", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO themed_event")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM themed_event WHERE theme_id = ?", theme)).isOne();
	}

	@Test
	void shouldPublishAThemeWithThreeStatementsInItsTransaction() {
		Identities identities = new Identities(client);
		TestUser secretary = identities.withRole(Role.COUNTY_SECRETARY, YANCHENG);
		// a month no other test publishes in (the test database is new on every run)
		YearMonth month = instance.context().getBean(BusinessClock.class).currentMonth().minusMonths(31);
		Map<String, Object> body = Map.of("countyId", Db.orgId(YANCHENG), "month", month.toString(), "title",
				"往返测试：三条语句的主题");
		statements.clear();

		Theme first = publish(secretary, "round-trips-theme", body);

		expectKeyStatementAnswer("INSERT INTO theme", "INSERT INTO theme", "JOIN org_unit");
		assertThat(first.countyName()).isEqualTo("郾城区");
		assertThat(first.month()).isEqualTo(month.toString());

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(publish(secretary, "round-trips-theme", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO theme")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM theme WHERE county_id = ? AND month = ?", Db.orgId(YANCHENG),
				month.atDay(1)))
			.isOne();
	}

	@Test
	void shouldRegisterAVolunteerTeamWithThreeStatementsInItsTransaction() {
		TestUser secretary = new Identities(client).withRole(Role.COUNTY_SECRETARY, YANCHENG);
		Map<String, Object> body = Map.of("countyId", Db.orgId(YANCHENG), "name", "往返测试志愿服务队", "members", 12);
		statements.clear();

		VolunteerTeam first = register(secretary, "round-trips-team", body);

		expectKeyStatementAnswer("INSERT INTO volunteer_team", "INSERT INTO volunteer_team");

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(register(secretary, "round-trips-team", body)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO volunteer_team")).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM volunteer_team WHERE name = '往返测试志愿服务队'")).isOne();
	}

	private static VolunteerTeam register(TestUser user, String key, Map<String, Object> body) {
		return created(user, key, body, VolunteerTeam.class, "/api/v1/volunteer-teams");
	}

	private static Theme publish(TestUser user, String key, Map<String, Object> body) {
		return created(user, key, body, Theme.class, "/api/v1/themes");
	}

	/** 郾城区's theme of {@code month}, published here (or by an earlier run). */
	private static long theme(TestUser secretary, YearMonth month) {
		client.post()
			.uri("/api/v1/themes")
			.header("Authorization", secretary.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("countyId", Db.orgId(YANCHENG), "month", month.toString(), "title", "往返测试主题"))
			.exchange()
			.expectStatus()
			.value(status -> assertThat(status).isIn(201, 409));
		return client.get()
			.uri("/api/v1/themes?countyId={c}&month={m}", Db.orgId(YANCHENG), month.toString())
			.header("Authorization", secretary.bearer())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Theme.class))
			.returnResult()
			.getResponseBody()
			.items()
			.stream()
			.filter(theme -> theme.voidedAt() == null)
			.findFirst()
			.orElseThrow()
			.id();
	}

	private static ThemedEvent log(TestUser user, String key, Map<String, Object> body) {
		return created(user, key, body, ThemedEvent.class, "/api/v1/themed-events");
	}

}
