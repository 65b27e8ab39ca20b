package cn.luohe.grassroots.mymonth.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.firstsecretary.api.ThemedEventDuties;
import cn.luohe.grassroots.ledger.api.LedgerDuties;
import cn.luohe.grassroots.mymonth.internal.MyMonth;
import cn.luohe.grassroots.visit.api.VisitDuties;
import cn.luohe.grassroots.youthhome.api.YouthHomeDirectory;
import cn.luohe.grassroots.youthhome.api.YouthHomeMonth;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /me/month} answers. Business dates ({@code month}, {@code today}, the
 * visit week) are Asia/Shanghai; instants leave with the +08:00 offset.
 */
final class MyMonthViews {

	private MyMonthViews() {
	}

	record MonthView(String month, LocalDate today, OffsetDateTime asOf, @Nullable VisitsView visits,
			@Nullable List<HomeView> youthHomes, @Nullable List<VillageView> themedEvents,
			@Nullable List<AssignmentView> ledgerAssignments, @Nullable Long unreadReminders) {
	}

	record VisitsView(LocalDate visitWeekFirstDay, LocalDate visitWeekLastDay, boolean inVisitWeek, boolean done,
			long completedInVisitWeek, @Nullable OpenVisitView openVisit, List<NeedView> needs) {
	}

	record OpenVisitView(long id, long orgId, String orgName, OffsetDateTime receivedAt, OffsetDateTime closesAt) {
	}

	record NeedView(long id, long visitId, long orgId, String orgName, String text, String status,
			OffsetDateTime createdAt, @Nullable String response, @Nullable OffsetDateTime resolvedAt) {
	}

	record HomeView(long youthHomeId, String name, long activitiesLogged, int activitiesRequired, boolean done) {
	}

	record VillageView(long villageId, String name, @Nullable ThemeView theme, boolean themedEventLogged) {
	}

	record ThemeView(long id, String title) {
	}

	record AssignmentView(long id, long taskId, String content, LocalDate deadline, long unitId, String unitName,
			String status, int progress) {
	}

	static MonthView of(MyMonth month) {
		MyMonth.Visits visits = month.visits();
		return new MonthView(month.month().toString(), month.today(), offset(month.asOf()),
				(visits != null) ? visits(visits) : null, map(month.youthHomes(), MyMonthViews::home),
				map(month.villages(), MyMonthViews::village), map(month.ledgerAssignments(), MyMonthViews::assignment),
				month.unreadReminders());
	}

	private static VisitsView visits(MyMonth.Visits visits) {
		VisitDuties.OpenVisit open = visits.month().openVisit();
		return new VisitsView(visits.week().firstDay(), visits.week().lastDay(), visits.inVisitWeek(),
				visits.month().done(), visits.month().completedInVisitWeek(),
				(open != null) ? new OpenVisitView(open.id(), open.orgId(), open.orgName(), offset(open.receivedAt()),
						offset(open.closesAt())) : null,
				visits.month()
					.needs()
					.stream()
					.map(n -> new NeedView(n.id(), n.visitId(), n.orgId(), n.orgName(), n.text(), n.status(),
							offset(n.createdAt()), n.response(),
							(n.resolvedAt() != null) ? offset(n.resolvedAt()) : null))
					.toList());
	}

	private static HomeView home(YouthHomeMonth home) {
		return new HomeView(home.home().id(), home.home().name(), home.activities(),
				YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET, home.meetsTarget());
	}

	private static VillageView village(ThemedEventDuties.Village village) {
		ThemedEventDuties.Theme theme = village.theme();
		return new VillageView(village.villageId(), village.name(),
				(theme != null) ? new ThemeView(theme.id(), theme.title()) : null, village.themedEventLogged());
	}

	private static AssignmentView assignment(LedgerDuties.OpenAssignment a) {
		return new AssignmentView(a.id(), a.taskId(), a.content(), a.deadline(), a.unitId(), a.unitName(), a.status(),
				a.progress());
	}

	private static <T, V> @Nullable List<V> map(@Nullable List<T> items, java.util.function.Function<T, V> view) {
		return (items != null) ? items.stream().map(view).toList() : null;
	}

	static OffsetDateTime offset(Instant instant) {
		return instant.atZone(BusinessClock.ZONE).toOffsetDateTime();
	}

}
