package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import cn.luohe.grassroots.dashboard.api.BlackFlags;
import cn.luohe.grassroots.forms.api.FormReminders;
import cn.luohe.grassroots.forms.api.PendingForms;
import cn.luohe.grassroots.identity.api.MessageRecipients;
import cn.luohe.grassroots.identity.api.MessageRecipients.Holder;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.api.LedgerDuties;
import cn.luohe.grassroots.ledger.api.LedgerDuties.OpenAssignment;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.visit.api.VisitDuties;
import cn.luohe.grassroots.visit.api.VisitFollowUps;
import cn.luohe.grassroots.visit.api.VisitFollowUps.NeedRef;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import cn.luohe.grassroots.youthhome.api.YouthHomeMonth;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Who each rule reminds of what, asked of the other features' {@code api} packages. A
 * rule only names drafts; the store writes each once.
 */
@Component
class ReminderRules {

	static final String CITY_CODE = "4111";

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("M月d日");

	private static final Set<Role> SECRETARY = EnumSet.of(Role.COUNTY_SECRETARY);

	/** The people of a unit who fill its forms: its secretaries, a department's staff. */
	private static final Set<Role> FORM_FILLERS = EnumSet.of(Role.COUNTY_SECRETARY, Role.DEPARTMENT_STAFF);

	/**
	 * The people who report a ledger assignment (as ledger's LedgerDuties reads them).
	 */
	private static final Set<Role> LEDGER_OWNERS = EnumSet.of(Role.COUNTY_SECRETARY, Role.CADRE);

	private static final Map<String, String> INDICATORS = Map.of("youthHomeActivities", "青年之家活动", "themedEvents",
			"主题团日", "visitCoverage", "走访覆盖", "visitCompliance", "干部履职");

	private final OrgDirectory orgs;

	private final MessageRecipients recipients;

	private final VisitDuties visitDuties;

	private final VisitFollowUps visits;

	private final YouthHomeDirectory homes;

	private final FormReminders forms;

	private final LedgerDuties ledger;

	private final BlackFlags blackFlags;

	private final ReminderProperties properties;

	ReminderRules(OrgDirectory orgs, MessageRecipients recipients, VisitDuties visitDuties, VisitFollowUps visits,
			YouthHomeDirectory homes, FormReminders forms, LedgerDuties ledger, BlackFlags blackFlags,
			ReminderProperties properties) {
		this.orgs = orgs;
		this.recipients = recipients;
		this.visitDuties = visitDuties;
		this.visits = visits;
		this.homes = homes;
		this.forms = forms;
		this.ledger = ledger;
		this.blackFlags = blackFlags;
		this.properties = properties;
	}

	/** The drafts of a dated rule on {@code day}. */
	Flux<Draft> drafts(Rule rule, LocalDate day) {
		YearMonth month = YearMonth.from(day);
		return switch (rule) {
			case VISIT_WEEK_OPENS -> visitWeekOpens(month);
			case VISIT_MISSING, VISIT_MISSING_LIST -> visitMissing(month);
			case YOUTH_HOME_BEHIND -> youthHomesBehind(month);
			case FORMS_DUE -> formsDue(month, day);
			case LEDGER_DEADLINE -> ledgerDeadlines(day);
			case BLACK_FLAG -> blackFlags(month);
			case NEED_OPEN, NEED_RESOLVED -> Flux.empty();
		};
	}

	/** The drafts of an event rule at {@code now}. */
	Flux<Draft> events(Rule rule, Instant now) {
		Instant since = now.minus(this.properties.lookback());
		return switch (rule) {
			case NEED_OPEN -> needsOpen(now.minus(this.properties.needOpenFor()).minus(this.properties.lookback()),
					now.minus(this.properties.needOpenFor()));
			case NEED_RESOLVED -> this.visits.needsResolved(since, now).map(this::needResolved);
			default -> Flux.empty();
		};
	}

	private Flux<Draft> visitWeekOpens(YearMonth month) {
		VisitDuties.Week week = this.visitDuties.visitWeek(month);
		String body = "本月走基层周为" + DAY.format(week.firstDay()) + "至" + DAY.format(week.lastDay())
				+ "，请按时走访基层，到达签到、离开签退，记录所需所求所盼。";
		return holders(Role.VISITORS).map(Holder::userId)
			.distinct()
			.map(user -> draft(Rule.VISIT_WEEK_OPENS, user, month.toString(), "走基层周开始了", body, null));
	}

	private Flux<Draft> visitMissing(YearMonth month) {
		VisitDuties.Week week = this.visitDuties.visitWeek(month);
		return Mono
			.zip(holders(Role.VISITORS).collectList(), this.visits.completedVisitors(month).collectList(),
					holders(SECRETARY).collectList())
			.flatMapMany(t -> {
				Set<Long> done = Set.copyOf(t.getT2());
				List<Holder> missing = t.getT1().stream().filter(h -> !done.contains(h.userId())).toList();
				List<Draft> drafts = new ArrayList<>();
				missing.stream()
					.map(Holder::userId)
					.distinct()
					.forEach(user -> drafts.add(draft(Rule.VISIT_MISSING, user, month.toString(), "本月还未走访",
							"走基层周将于" + DAY.format(week.lastDay()) + "结束，您本月还没有完成走访，请尽快安排。", null)));
				for (Holder secretary : t.getT3()) {
					// the visitors bound inside the secretary's county, once each
					Map<Long, String> names = new LinkedHashMap<>();
					missing.stream()
						.filter(h -> h.orgPath().startsWith(secretary.orgPath()))
						.forEach(h -> names.putIfAbsent(h.userId(), h.displayName()));
					if (!names.isEmpty()) {
						drafts.add(draft(
								Rule.VISIT_MISSING_LIST, secretary.userId(), month + "/org:" + secretary.orgId(),
								"本县区尚未走访的干部", "截至" + DAY.format(month.atDay(this.properties.visitMissingDay()))
										+ "，本县区有" + names.size() + "名干部本月还没有完成走访：" + String.join("、", names.values()),
								null));
					}
				}
				return Flux.fromIterable(drafts);
			});
	}

	private Flux<Draft> youthHomesBehind(YearMonth month) {
		return holders(EnumSet.of(Role.YOUTH_HOME_MANAGER)).filter(h -> h.youthHomeId() != null)
			.collectList()
			.flatMapMany(managers -> {
				Set<Long> homeIds = managers.stream()
					.map(Holder::youthHomeId)
					.filter(java.util.Objects::nonNull)
					.collect(Collectors.toSet());
				return this.homes.activitiesIn(homeIds, month)
					.filter(home -> home.home().active() && !home.meetsTarget())
					.flatMapIterable(home -> managers.stream()
						.filter(m -> Long.valueOf(home.home().id()).equals(m.youthHomeId()))
						.map(m -> youthHomeDraft(m.userId(), home, month))
						.toList());
			});
	}

	private Draft youthHomeDraft(long user, YouthHomeMonth home, YearMonth month) {
		return draft(Rule.YOUTH_HOME_BEHIND, user, month + "/home:" + home.home().id(),
				"青年之家活动还差" + (YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET - home.activities()) + "场",
				"青年之家「" + home.home().name() + "」本月已开展" + home.activities() + "场活动，月底前需至少开展"
						+ YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET + "场。",
				null);
	}

	private Flux<Draft> formsDue(YearMonth month, LocalDate day) {
		return holders(FORM_FILLERS).collectList()
			.flatMapMany(fillers -> this.forms.pending(month)
				.flatMapIterable(unit -> fillers.stream()
					.filter(h -> h.orgId() == unit.unitId())
					.map(h -> formsDraft(h.userId(), unit, month, day))
					.toList()));
	}

	private Draft formsDraft(long user, PendingForms unit, YearMonth month, LocalDate day) {
		// the days left as seen on the reminder's day
		long daysLeft = java.time.temporal.ChronoUnit.DAYS.between(day, unit.dueOn());
		String left = (daysLeft > 0) ? "，还剩" + daysLeft + "天" : (daysLeft == 0) ? "，今天截止" : "，已逾期";
		return draft(
				Rule.FORMS_DUE, user, day.toString() + "/org:" + unit.unitId(), "月度报表尚未提交", unit.unitName()
						+ month.getMonthValue() + "月的附件4、附件5报表尚未提交，截止日期为" + DAY.format(unit.dueOn()) + left + "。",
				null);
	}

	private Flux<Draft> ledgerDeadlines(LocalDate day) {
		return holders(LEDGER_OWNERS).collectList()
			.flatMapMany(owners -> Flux
				.concat(this.ledger.openAssignmentsDueOn(day.plusDays(1)), this.ledger.openAssignmentsDueOn(day))
				.flatMapIterable(assignment -> owners.stream()
					.filter(h -> h.orgId() == assignment.unitId())
					.map(h -> ledgerDraft(h.userId(), assignment, day))
					.toList()));
	}

	private Draft ledgerDraft(long user, OpenAssignment assignment, LocalDate day) {
		boolean today = assignment.deadline().equals(day);
		return draft(Rule.LEDGER_DEADLINE, user, "assignment:" + assignment.id() + (today ? ":due" : ":eve"),
				today ? "台账任务今天到期" : "台账任务明天到期", "台账任务「" + assignment.content() + "」（" + assignment.unitName() + "）将于"
						+ DAY.format(assignment.deadline()) + "到期，当前进度" + assignment.progress() + "%。",
				null);
	}

	private Flux<Draft> blackFlags(YearMonth month) {
		return holders(SECRETARY).collectList()
			.flatMapMany(secretaries -> this.blackFlags.of(month)
				.flatMapIterable(flagged -> secretaries.stream()
					.filter(h -> h.orgId() == flagged.countyId())
					.map(h -> draft(Rule.BLACK_FLAG, h.userId(), month + "/org:" + flagged.orgId(),
							(flagged.town() ? "乡镇" : "县区") + "挂黑旗提醒",
							flagged.name() + month.getMonthValue() + "月"
									+ flagged.indicators()
										.stream()
										.map(i -> INDICATORS.getOrDefault(i, i))
										.collect(Collectors.joining("、"))
									+ "挂黑旗，请督促落实。",
							null))
					.toList()));
	}

	private Flux<Draft> needsOpen(Instant from, Instant to) {
		return holders(SECRETARY).collectList()
			.flatMapMany(secretaries -> this.visits.openNeedsHeard(from, to)
				.flatMapIterable(need -> secretaries.stream()
					.filter(h -> need.orgPath().startsWith(h.orgPath()))
					.map(h -> draft(Rule.NEED_OPEN, h.userId(), "need:" + need.id(), "需求一周未答复",
							need.orgName() + "的需求「" + need.text() + "」已一周没有答复，请跟进。", needPage(need)))
					.toList()));
	}

	private Draft needResolved(NeedRef need) {
		String response = (need.response() != null) ? "：" + need.response() : "";
		return draft(Rule.NEED_RESOLVED, need.heardBy(), "need:" + need.id(), "您记录的需求已答复",
				need.orgName() + "的需求「" + need.text() + "」已答复" + response, needPage(need));
	}

	private static String needPage(NeedRef need) {
		return Rule.NEED_OPEN.page() + "?id=" + need.id();
	}

	private Flux<Holder> holders(Set<Role> roles) {
		return this.orgs.findByCode(CITY_CODE).flatMapMany((Org city) -> this.recipients.holdersWithin(city, roles));
	}

	private Draft draft(Rule rule, long user, String period, String title, String body,
			@org.jspecify.annotations.Nullable String page) {
		java.util.Optional<ReminderProperties.Template> template = this.properties.template(rule);
		String templateId = template.isPresent() ? template.get().id() : null;
		return new Draft(rule.name(), user, period, title, body, (page != null) ? page : rule.page(), templateId);
	}

}
