package cn.luohe.grassroots.ledger.internal;

import java.time.YearMonth;

import org.jspecify.annotations.Nullable;

/** A city admin's edit of a task; absent fields stay. */
public record TaskChanges(@Nullable String domain, @Nullable String content, @Nullable YearMonth deadline,
		@Nullable String departmentCode, @Nullable String person) {
}
