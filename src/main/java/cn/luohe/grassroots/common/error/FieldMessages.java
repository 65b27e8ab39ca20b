package cn.luohe.grassroots.common.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * The field messages features write in English (the message of an invalid field), each
 * matched to its bundle key {@code field.<kind>}; what a pattern captures (a list of
 * allowed values, a bound, a county's name) becomes the arguments. A message no pattern
 * matches reads as {@code field.invalid}. New code may name its kind directly
 * ({@link ApiException.FieldProblem#of}).
 */
final class FieldMessages {

	private static final List<Entry> ENTRIES = new ArrayList<>();

	static {
		add("must be one of (.+)", "oneOf");
		add("不是可更正的记录类型", "notCorrectableKind");
		add("只能出现一次", "onlyOnce");
		add("must be WGS84 or GCJ02", "coordSystem");
		add("must be a month as YYYY-MM", "month");
		add("must be between (-?\\d+) and (-?\\d+)", "between");
		add("must be a non-negative integer", "nonNegativeInteger");
		add("is not a cursor this list gave", "cursor");
		add("must be 1 to 64 characters", "idempotencyKey");
		add("is required: the secret of the scan session", "scanSecret");
		add("exactly one of orgId and youthHomeId is required", "orgOrYouthHome");
		add("give exactly one of (\\w+) and (\\w+)", "exactlyOne");
		add("is required when an administrator corrects a visit", "correctionReason");
		add("must be xlsx or csv", "xlsxOrCsv");
		add("must be xlsx", "xlsx");
		add("is given only with the status CANNOT_DO", "reasonOnlyCannotDo");
		add("must be 100 \\(or absent\\) when the status is DONE", "progressDone");
		add("must be 0 \\(or absent\\) when the status is NOT_STARTED", "progressNotStarted");
		add("must be below 100 unless the status is DONE", "progressBelowDone");
		add("is required \\(below 100\\) when the status moves back from DONE", "progressLeavingDone");
		add("is required when the status is CANNOT_DO", "reasonCannotDo");
		add("must not lie in the future", "notFuture");
		add("must not be in the future", "notFuture");
		add("must not lie before (\\w+)", "notBefore");
		add("must not be before the founding date", "notBeforeFounding");
		add("must lie in (.+)", "within");
		add("is no target; one of (.+)", "noTarget");
		add("must not be negative", "notNegative");
		add("cannot be corrected here", "notCorrectableHere");
		add("is a rate: from 0 to 1", "rate");
		add("must name at least one target", "someTarget");
		add("no org has this id", "noOrg");
		add("no host unit has this id", "noHostUnit");
		add("no league organisation has this id", "noLeagueOrg");
		add("must be a county-level unit or the city", "countyOrCity");
		add("must be a county-level unit or a department", "countyOrDepartment");
		add("must be a county-level unit", "county");
		add(".+ is a \\w+, not a county-level unit or the city", "countyOrCity");
		add("must be a year from (\\d+) to (\\d+)", "year");
		add("must be a month of the year asked, not after this one", "monthOfYear");
		add("a teachers' branch \\(教工团支部\\) is a BRANCH of a school", "teacherBranch");
		add("must be a town or street of (.+)", "townOf");
		add("must be a town or street", "town");
		add("is required for an industrial park \\(one of (.+)\\)", "parkLevelRequired");
		add("is only for an industrial park", "parkLevelOnlyPark");
		add("must be an industrial park of (.+)", "parkOf");
		add("must be a league organisation of the same county-level unit", "parentSameCounty");
		add("is required for this column", "requiredForColumn");
		add("is required for (\\w+)", "requiredFor");
		add("must be a (middle school|school) for (\\w+)", "schoolFor");
		add("lies in another county-level unit", "otherCounty");
		add("lies in another county", "otherCounty");
		add("must be after (\\w+)", "after");
		add("is not a WeChat login code", "wechatLoginCode");
		add("is not a WeChat phone number code", "wechatPhoneCode");
		add("is required", "required");
		add("has an invalid value", "invalid");
		add("is invalid", "invalid");
	}

	private FieldMessages() {
	}

	private static void add(String regex, String kind) {
		ENTRIES.add(new Entry(Pattern.compile(regex), kind));
	}

	/** The bundle text of an English field message, or null when no pattern matches. */
	static @Nullable MessageSourceResolvable match(String message) {
		for (Entry entry : ENTRIES) {
			Matcher matcher = entry.pattern().matcher(message);
			if (matcher.matches()) {
				Object[] args = new Object[matcher.groupCount()];
				for (int i = 0; i < args.length; i++) {
					args[i] = matcher.group(i + 1);
				}
				return resolvable(entry.kind(), args);
			}
		}
		return null;
	}

	static MessageSourceResolvable resolvable(String kind, Object... args) {
		return new DefaultMessageSourceResolvable(new String[] { "field." + kind }, args, null);
	}

	/** Every kind the table names (the bundles must have each). */
	static List<String> kinds() {
		return ENTRIES.stream().map(Entry::kind).distinct().toList();
	}

	private record Entry(Pattern pattern, String kind) {
	}

}
