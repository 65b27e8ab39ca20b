package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static cn.luohe.grassroots.reminder.internal.ReminderDeliveryTests.at;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each rule through the scheduler, driven at chosen business times: it fires at its local
 * time (not a minute before), once per recipient and period however often it runs, and a
 * run missed at its time happens later the same day. Other tests' users may be reminded
 * too; the assertions look at the test's own users only, and each test first forgets that
 * its occasions ran (another class or run may have run them before its users existed).
 */
class ReminderRulesTests extends ApiTest {

	/** 临颍县 and a town of it. */
	private static final String LINYING = "411122";

	private static final String LINYING_TOWN = "411122001";

	@Autowired
	ReminderScheduler scheduler;

	@Test
	void shouldRemindEveryVisitorOnceWhenVisitWeekOpensAtHalfPastEight() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser manager = identities().withRole(Role.YOUTH_HOME_MANAGER, LINYING_TOWN);
		forget("VISIT_WEEK_OPENS", "2027-03");

		run("2027-03-01T08:29:00+08:00");
		assertThat(reminders(cadre, "VISIT_WEEK_OPENS")).isZero();

		run("2027-03-01T08:30:00+08:00");
		run("2027-03-01T09:00:00+08:00");
		assertThat(reminders(cadre, "VISIT_WEEK_OPENS")).isEqualTo(1);
		assertThat(reminders(secretary, "VISIT_WEEK_OPENS")).isEqualTo(1);
		assertThat(reminders(manager, "VISIT_WEEK_OPENS")).isZero();
		assertThat(Db.single("SELECT period FROM reminder WHERE user_id = ? AND rule = 'VISIT_WEEK_OPENS'",
				String.class, cadre.id()))
			.isEqualTo("2027-03");

		// a second run of the same occasion (another replica, a lost run record) adds
		// nothing
		forget("VISIT_WEEK_OPENS", "2027-03");
		run("2027-03-01T10:00:00+08:00");
		assertThat(reminders(cadre, "VISIT_WEEK_OPENS")).isEqualTo(1);
	}

	@Test
	void shouldCatchUpARunMissedAtItsTimeLaterTheSameDay() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		forget("VISIT_WEEK_OPENS", "2027-08");

		// the service was down at 08:30; its first tick is at 15:00
		run("2027-08-01T15:00:00+08:00");
		assertThat(reminders(cadre, "VISIT_WEEK_OPENS")).isEqualTo(1);
		run("2027-08-02T08:30:00+08:00");
		assertThat(reminders(cadre, "VISIT_WEEK_OPENS")).isEqualTo(1);
	}

	@Test
	void shouldRemindVisitorsWithoutAVisitOnDayFiveAndListThemForTheirSecretary() {
		String tag = UUID.randomUUID().toString().substring(0, 8);
		TestUser missing = identities().newUser("未走访-" + tag);
		identities().grant(missing, Role.CADRE, LINYING, null);
		TestUser visited = identities().newUser("已走访-" + tag);
		identities().grant(visited, Role.CADRE, LINYING, null);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		long village = village();
		long visit = post(as(visited), "/api/v1/visits", checkIn(village), 201, Identified.class).id();
		post(as(visited), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of()), 200, Identified.class);
		forget("VISIT_MISSING", "2026-12");

		run("2026-12-05T08:29:00+08:00");
		assertThat(reminders(missing, "VISIT_MISSING")).isZero();

		run("2026-12-05T08:30:00+08:00");
		run("2026-12-05T12:00:00+08:00");
		assertThat(reminders(missing, "VISIT_MISSING")).isEqualTo(1);
		assertThat(reminders(visited, "VISIT_MISSING")).isZero();
		assertThat(reminders(secretary, "VISIT_MISSING_LIST")).isEqualTo(1);
		String list = Db.single("SELECT body FROM reminder WHERE user_id = ? AND rule = 'VISIT_MISSING_LIST'",
				String.class, secretary.id());
		assertThat(list).contains("未走访-" + tag).doesNotContain("已走访-" + tag);
	}

	@Test
	void shouldRemindManagersOfYouthHomesUnderTwoActivitiesOnTheTwentieth() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long behind = home(admin);
		long onTarget = home(admin);
		TestUser behindManager = identities().newUser("落后之家管理员");
		identities().grant(behindManager, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, behind);
		TestUser onTargetManager = identities().newUser("达标之家管理员");
		identities().grant(onTargetManager, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, onTarget);
		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		for (int i = 0; i < 2; i++) {
			post(as(onTargetManager), "/api/v1/youth-homes/" + onTarget + "/activities",
					Map.of("title", "青年夜校" + i, "category", "CULTURE_SPORTS", "startAt",
							start.plusSeconds(i).toString(), "endAt", start.plus(Duration.ofHours(2)).toString(),
							"participants", 30),
					201, Identified.class);
		}
		forget("YOUTH_HOME_BEHIND", "2026-12");

		run("2026-12-20T08:30:00+08:00");
		run("2026-12-20T18:00:00+08:00");
		assertThat(reminders(behindManager, "YOUTH_HOME_BEHIND")).isEqualTo(1);
		assertThat(reminders(onTargetManager, "YOUTH_HOME_BEHIND")).isZero();
		assertThat(Db.single("SELECT period FROM reminder WHERE user_id = ? AND rule = 'YOUTH_HOME_BEHIND'",
				String.class, behindManager.id()))
			.isEqualTo("2026-12/home:" + behind);
	}

	@Test
	void shouldRemindUnitsWithoutTheirFormsOnTheTwentyFifthAndTheTwentyEighth() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		// a department of the city committee sends its forms too (学校少年部)
		TestUser department = identities().withRole(Role.DEPARTMENT_STAFF, "4111-XSB");
		forget("FORMS_DUE", "2027-05-25");
		forget("FORMS_DUE", "2027-05-28");

		run("2027-05-24T08:30:00+08:00");
		assertThat(reminders(secretary, "FORMS_DUE")).isZero();
		run("2027-05-25T08:30:00+08:00");
		run("2027-05-25T09:30:00+08:00");
		assertThat(reminders(secretary, "FORMS_DUE")).isEqualTo(1);
		assertThat(reminders(department, "FORMS_DUE")).isEqualTo(1);
		run("2027-05-28T08:30:00+08:00");
		assertThat(reminders(secretary, "FORMS_DUE")).isEqualTo(2);
		assertThat(reminders(department, "FORMS_DUE")).isEqualTo(2);
		assertThat(Db.single(
				"SELECT body FROM reminder WHERE user_id = ? AND rule = 'FORMS_DUE' AND period LIKE '2027-05-25/%'",
				String.class, department.id()))
			.contains("学校少年部");
		assertThat(reminders(cadre, "FORMS_DUE")).isZero();
		assertThat(Db.single(
				"SELECT body FROM reminder WHERE user_id = ? AND rule = 'FORMS_DUE' AND period LIKE '2027-05-28/%'",
				String.class, secretary.id()))
			.contains("今天截止");
	}

	@Test
	void shouldRemindTheUnitTheDayBeforeALedgerDeadlineAndOnTheDay() {
		long county = Identities.orgId(LINYING);
		LocalDate deadline = Db.single("""
				SELECT (t.deadline_month + interval '1 month' - interval '1 day')::date
				  FROM ledger_assignment a JOIN ledger_task t ON t.id = a.task_id
				 WHERE a.unit_org_id = ? AND a.status IN ('NOT_STARTED', 'IN_PROGRESS')
				 ORDER BY t.deadline_month DESC LIMIT 1
				""", LocalDate.class, county);
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		forget("LEDGER_DEADLINE", deadline.minusDays(1).toString());
		forget("LEDGER_DEADLINE", deadline.toString());

		run(deadline.minusDays(1) + "T08:30:00+08:00");
		long eve = Db.count("SELECT count(*) FROM reminder WHERE user_id = ? AND rule = 'LEDGER_DEADLINE'"
				+ " AND period LIKE '%:eve'", cadre.id());
		assertThat(eve).isPositive();
		run(deadline + "T08:30:00+08:00");
		run(deadline + "T09:30:00+08:00");
		assertThat(Db.count("SELECT count(*) FROM reminder WHERE user_id = ? AND rule = 'LEDGER_DEADLINE'"
				+ " AND period LIKE '%:due'", cadre.id()))
			.isEqualTo(eve);
		assertThat(reminders(cadre, "LEDGER_DEADLINE")).isEqualTo(2 * eve);
	}

	@Test
	void shouldRemindTheSecretaryOfANeedOpenAWeekAndTheVisitorWhenItIsAnswered() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		long visit = post(as(cadre), "/api/v1/visits", checkIn(village()), 201, Identified.class).id();
		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("修缮村文化广场")), 200, Identified.class);
		long need = Db.single("SELECT id FROM need WHERE visit_id = ?", Long.class, visit);

		// heard at the shared clock's 2026-12-03 09:30: a week later to the minute
		run("2026-12-10T09:29:00+08:00");
		assertThat(about(secretary, "NEED_OPEN", need)).isZero();
		run("2026-12-10T09:31:00+08:00");
		run("2026-12-10T10:00:00+08:00");
		assertThat(about(secretary, "NEED_OPEN", need)).isEqualTo(1);
		assertThat(Db.single("SELECT page FROM reminder WHERE user_id = ? AND rule = 'NEED_OPEN' AND period = ?",
				String.class, secretary.id(), "need:" + need))
			.isEqualTo("pages/needs/detail?id=" + need);

		post(as(secretary), "/api/v1/needs/" + need + "/resolve", Map.of("response", "已协调维修"), 200, Identified.class);
		run("2026-12-03T10:00:00+08:00");
		run("2026-12-03T11:00:00+08:00");
		assertThat(about(cadre, "NEED_RESOLVED", need)).isEqualTo(1);
		assertThat(Db.single("SELECT body FROM reminder WHERE user_id = ? AND rule = 'NEED_RESOLVED' AND period = ?",
				String.class, cadre.id(), "need:" + need))
			.contains("修缮村文化广场")
			.contains("已协调维修");
	}

	@Test
	void shouldTellTheSecretaryOfEachTownAndCountyUnderABlackFlagAtMonthEndOnce() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		forget("BLACK_FLAG", "2027-08");
		long county = Identities.orgId(LINYING);

		run("2027-08-30T17:30:00+08:00");
		run("2027-08-31T16:30:00+08:00");
		assertThat(reminders(secretary, "BLACK_FLAG")).isZero();
		run("2027-08-31T17:30:00+08:00");
		// nothing is recorded for that month: every town of the county is black for its
		// visits, and so is the county (coverage, compliance)
		long towns = Db.count("SELECT count(*) FROM org_unit WHERE level = 'TOWN' AND parent_id = ?", county);
		assertThat(reminders(secretary, "BLACK_FLAG")).isEqualTo(towns + 1);
		assertThat(Db.count("""
				SELECT count(*) FROM reminder r
				 WHERE r.user_id = ? AND r.rule = 'BLACK_FLAG'
				   AND NOT EXISTS (SELECT 1 FROM org_unit o WHERE r.period = '2027-08/org:' || o.id
				                      AND (o.id = ? OR o.parent_id = ?))
				""", secretary.id(), county, county)).as("only the secretary's own county and its towns").isZero();
		assertThat(Db.single("SELECT body FROM reminder WHERE user_id = ? AND rule = 'BLACK_FLAG' AND period = ?",
				String.class, secretary.id(), "2027-08/org:" + county))
			.contains("挂黑旗");
		assertThat(reminders(cadre, "BLACK_FLAG")).isZero();

		// the same month-end again: nothing more
		run("2027-08-31T18:30:00+08:00");
		assertThat(reminders(secretary, "BLACK_FLAG")).isEqualTo(towns + 1);
	}

	private void run(String offsetDateTime) {
		this.scheduler.runDue(at(offsetDateTime)).block();
	}

	private static long reminders(TestUser user, String rule) {
		return Db.count("SELECT count(*) FROM reminder WHERE user_id = ? AND rule = ?", user.id(), rule);
	}

	/**
	 * Reminders about this test's need only: other tests leave open needs in the county.
	 */
	private static long about(TestUser user, String rule, long need) {
		return Db.count("SELECT count(*) FROM reminder WHERE user_id = ? AND rule = ? AND period = ?", user.id(), rule,
				"need:" + need);
	}

	private static void forget(String rule, String occasion) {
		Db.count("WITH d AS (DELETE FROM reminder_rule_run WHERE rule = ? AND occasion = ? RETURNING 1)"
				+ " SELECT count(*) FROM d", rule, occasion);
	}

	private static long village() {
		return Db.single(
				"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1",
				Long.class);
	}

	private long home(TestUser admin) {
		return post(as(admin), "/api/v1/youth-homes",
				Map.of("name", "提醒测试之家-" + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201, Identified.class)
			.id();
	}

}
