package cn.luohe.grassroots.forms.internal;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * A line a filler adds to a column because the records lack it. Columns of new league
 * organisations need the organisation's name, type and host unit; columns of milestones
 * (league school founded, term election completed, education working committee founded)
 * need the host unit or the league organisation it happened at (their name comes from
 * it).
 */
public record NewLine(String column, @Nullable String name, LocalDate date, @Nullable Long hostUnitId,
		@Nullable Long leagueOrgId, @Nullable String type) {
}
