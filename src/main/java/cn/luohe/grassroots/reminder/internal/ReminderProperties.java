package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Reminder rules, delivery and templates ({@code app.reminders.*}); times of day are
 * Asia/Shanghai. Public only because Boot binds it.
 *
 * @param enabled whether this instance runs the rules and the delivery queue on its own
 * timers (off in tests, which drive both)
 * @param tick how often the rules are looked at (real time); a rule whose time has come
 * and has not run today runs at the next tick
 * @param deliveryPoll how often the queue of WeChat sends is looked at (real time)
 * @param batchSize sends taken from the queue at once
 * @param quietFrom no WeChat message from this time of day...
 * @param quietUntil ...until this one: held until then
 * @param retryFirst wait after a failed send (WeChat unreachable), doubling per attempt
 * @param retryMax longest wait between attempts; a send is never given up
 * @param lease how long a taken send is another instance's to leave alone
 * @param visitWeekOpensAt time of day of the visit-week reminder (its first day)
 * @param visitMissingDay day of the month cadres without a visit are reminded
 * @param youthHomeDay day of the month managers of homes under two activities are
 * reminded
 * @param formsDays days of the month units without a forms submission are reminded
 * @param remindAt time of day of every dated reminder but the visit week's
 * @param needOpenFor how long a need stays open before its secretary is reminded
 * @param lookback how far back the need rules look for needs they have not reminded of
 * @param blackFlagAt time of day, on the month's last day, of the black-flag reminder
 * @param templates WeChat templates by rule (kebab-case rule name); a rule without one,
 * or with an empty id, reminds in the inbox only
 */
@ConfigurationProperties("app.reminders")
public record ReminderProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration tick,
		@DefaultValue("15s") Duration deliveryPoll, @DefaultValue("50") int batchSize,
		@DefaultValue("22:00") LocalTime quietFrom, @DefaultValue("07:30") LocalTime quietUntil,
		@DefaultValue("1m") Duration retryFirst, @DefaultValue("1h") Duration retryMax,
		@DefaultValue("5m") Duration lease, @DefaultValue("08:30") LocalTime visitWeekOpensAt,
		@DefaultValue("5") int visitMissingDay, @DefaultValue("20") int youthHomeDay, @DefaultValue( {
				"25", "28" }) List<Integer> formsDays,
		@DefaultValue("08:30") LocalTime remindAt, @DefaultValue("7d") Duration needOpenFor,
		@DefaultValue("2d") Duration lookback, @DefaultValue("17:00") LocalTime blackFlagAt,
		@Nullable Map<String, Template> templates){

	public ReminderProperties {
		if (batchSize < 1) {
			throw new IllegalArgumentException("app.reminders.batch-size must be at least 1");
		}
		if (visitMissingDay < 1 || visitMissingDay > 28 || youthHomeDay < 1 || youthHomeDay > 28
				|| formsDays.stream().anyMatch(day -> day < 1 || day > 28)) {
			// every month has day 28
			throw new IllegalArgumentException("app.reminders days of the month must lie within 1 to 28");
		}
		for (Duration d : List.of(tick, deliveryPoll, retryFirst, retryMax, lease, needOpenFor, lookback)) {
			if (d.isNegative() || d.isZero()) {
				throw new IllegalArgumentException("app.reminders durations must be positive");
			}
		}
	}

	/** The rule's template, when one with an id is configured. */
	Optional<Template> template(Rule rule) {
		Map<String, Template> all = (this.templates != null) ? this.templates : Map.of();
		return Optional.ofNullable(all.get(rule.key())).filter(Template::configured);
	}

	/** Every configured template id (what the mini-program may report consents for). */
	Set<String> templateIds() {
		Map<String, Template> all = (this.templates != null) ? this.templates : Map.of();
		return all.values().stream().filter(Template::configured).map(Template::id).collect(Collectors.toSet());
	}

	/**
	 * A WeChat subscribe-message template.
	 *
	 * @param id the template id from the mini-program's console
	 * @param page the page the message opens (may carry a query)
	 * @param fields template field → value: {@code title}, {@code body}, {@code date} or
	 * {@code time} of the reminder
	 */
	public record Template(@DefaultValue("") String id, @Nullable String page, @Nullable Map<String, String> fields) {

		boolean configured() {
			return StringUtils.hasText(this.id);
		}

		Map<String, String> fieldMap() {
			return (this.fields != null) ? this.fields : Map.of();
		}

	}

}
