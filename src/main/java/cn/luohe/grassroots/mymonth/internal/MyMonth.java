package cn.luohe.grassroots.mymonth.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import cn.luohe.grassroots.firstsecretary.api.ThemedEventDuties;
import cn.luohe.grassroots.ledger.api.LedgerDuties;
import cn.luohe.grassroots.visit.api.VisitDuties;
import cn.luohe.grassroots.youthhome.api.YouthHomeMonth;
import org.jspecify.annotations.Nullable;

/**
 * The caller's month. A section is null when none of the caller's roles asks it (visits:
 * visiting roles; homes: Youth Home managers; villages: first secretaries; ledger: the
 * units' secretaries and cadres); {@code unreadReminders} is null without an inbox.
 */
public record MyMonth(YearMonth month, LocalDate today, Instant asOf, @Nullable Visits visits,
		@Nullable List<YouthHomeMonth> youthHomes, @Nullable List<ThemedEventDuties.Village> villages,
		@Nullable List<LedgerDuties.OpenAssignment> ledgerAssignments, @Nullable Long unreadReminders) {

	public record Visits(VisitDuties.Week week, boolean inVisitWeek, VisitDuties.Month month) {
	}

}
