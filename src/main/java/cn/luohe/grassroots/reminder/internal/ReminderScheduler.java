package cn.luohe.grassroots.reminder.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import cn.luohe.grassroots.common.lifecycle.PeriodicTask;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.visit.api.VisitDuties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Runs the rules on the business calendar. Each tick looks at today's occasions (a rule
 * and the day, month or deadline it is about) whose time has come: one instance at a time
 * runs an occasion (ShedLock), records that it ran ({@code reminder_rule_run}), and every
 * reminder it writes is unique by (rule, user, period), so a second run, on this instance
 * or another, reminds nobody twice. A service that was down at an occasion's time runs it
 * at its first tick later that day. The need rules look at a window of time on every tick
 * instead.
 */
@Component
class ReminderScheduler extends PeriodicTask {

	private static final Logger log = LoggerFactory.getLogger(ReminderScheduler.class);

	private final ReminderRules rules;

	private final ReminderStore store;

	private final ReminderLocks locks;

	private final VisitDuties visitDuties;

	private final DatabaseClient db;

	private final ReminderProperties properties;

	private final BusinessClock clock;

	ReminderScheduler(ReminderRules rules, ReminderStore store, ReminderLocks locks, VisitDuties visitDuties,
			DatabaseClient db, ReminderProperties properties, BusinessClock clock) {
		super("Reminder rules", properties.tick(), properties.tick());
		this.rules = rules;
		this.store = store;
		this.locks = locks;
		this.visitDuties = visitDuties;
		this.db = db;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	protected boolean enabled() {
		return this.properties.enabled();
	}

	@Override
	protected Mono<?> runOnce() {
		return runDue(this.clock.now());
	}

	/**
	 * Runs what is due at {@code now} (business time): today's occasions whose time has
	 * come and have not run, then the need rules. How many reminders were written.
	 */
	Mono<Long> runDue(Instant now) {
		LocalDateTime local = LocalDateTime.ofInstant(now, BusinessClock.ZONE);
		Flux<Long> dated = Flux.fromIterable(occasions(local.toLocalDate()))
			.filter(occasion -> !local.isBefore(occasion.at()))
			.concatMap(occasion -> runOccasion(occasion, now));
		Flux<Long> events = Flux.just(Rule.NEED_OPEN, Rule.NEED_RESOLVED)
			.concatMap(
					rule -> this.locks.withLock("reminder:" + rule.name(), write(this.rules.events(rule, now), now)));
		return Flux.concat(dated, events).reduce(0L, Long::sum);
	}

	/** Today's occasions, each with the time it is due. */
	List<Occasion> occasions(LocalDate today) {
		YearMonth month = YearMonth.from(today);
		LocalTime at = this.properties.remindAt();
		List<Occasion> occasions = new ArrayList<>();
		if (today.equals(this.visitDuties.visitWeek(month).firstDay())) {
			occasions.add(new Occasion(Rule.VISIT_WEEK_OPENS, month.toString(),
					today.atTime(this.properties.visitWeekOpensAt())));
		}
		if (today.getDayOfMonth() == this.properties.visitMissingDay()) {
			// one run writes both the cadres' reminders and their secretaries' lists
			occasions.add(new Occasion(Rule.VISIT_MISSING, month.toString(), today.atTime(at)));
		}
		if (today.getDayOfMonth() == this.properties.youthHomeDay()) {
			occasions.add(new Occasion(Rule.YOUTH_HOME_BEHIND, month.toString(), today.atTime(at)));
		}
		if (this.properties.formsDays().contains(today.getDayOfMonth())) {
			occasions.add(new Occasion(Rule.FORMS_DUE, today.toString(), today.atTime(at)));
		}
		occasions.add(new Occasion(Rule.LEDGER_DEADLINE, today.toString(), today.atTime(at)));
		if (today.equals(month.atEndOfMonth())) {
			occasions.add(new Occasion(Rule.BLACK_FLAG, month.toString(), today.atTime(this.properties.blackFlagAt())));
		}
		return occasions;
	}

	private Mono<Long> runOccasion(Occasion occasion, Instant now) {
		Mono<Long> run = ran(occasion).flatMap(ran -> {
			if (ran) {
				return Mono.just(0L);
			}
			LocalDate day = occasion.at().toLocalDate();
			return write(this.rules.drafts(occasion.rule(), day), now).flatMap(written -> this.db.sql("""
					INSERT INTO reminder_rule_run (rule, occasion, ran_at) VALUES (:rule, :occasion, :now)
					ON CONFLICT DO NOTHING
					""")
				.bind("rule", occasion.rule().name())
				.bind("occasion", occasion.key())
				.bind("now", now)
				.then()
				.doOnSuccess(done -> log.info("Reminder rule {} ran for {}: {} new reminders", occasion.rule(),
						occasion.key(), written))
				.thenReturn(written));
		});
		return this.locks.withLock("reminder:" + occasion.rule().name(), run).defaultIfEmpty(0L);
	}

	private Mono<Boolean> ran(Occasion occasion) {
		return this.db.sql("SELECT 1 FROM reminder_rule_run WHERE rule = :rule AND occasion = :occasion")
			.bind("rule", occasion.rule().name())
			.bind("occasion", occasion.key())
			.map(row -> 1)
			.all()
			.hasElements();
	}

	private Mono<Long> write(Flux<Draft> drafts, Instant now) {
		return drafts.concatMap(draft -> this.store.insert(draft, now)).filter(Boolean::booleanValue).count();
	}

	/** A dated rule's run: {@code key} names the day or month it is about. */
	record Occasion(Rule rule, String key, LocalDateTime at) {
	}

}
