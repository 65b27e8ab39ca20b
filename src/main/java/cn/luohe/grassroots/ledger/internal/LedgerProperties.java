package cn.luohe.grassroots.ledger.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ledger flag rules ({@code app.ledger.*}), like the dashboards' thresholds.
 *
 * @param yellowAt an assignment behind its time-pro-rated expectation is YELLOW while it
 * has at least this share of it, BLACK below (far behind)
 * @param dueSoonDays an unfinished assignment due within this many days is YELLOW
 * @param graceDays nobody is judged behind in the ledger's first days
 * @param smallUnitCodes the county-level units the ledger gives smaller targets
 * (开发区、示范区、西城区)
 */
@ConfigurationProperties("app.ledger")
public record LedgerProperties(@DefaultValue("0.6") double yellowAt, @DefaultValue("14") int dueSoonDays,
		@DefaultValue("14") int graceDays, @DefaultValue( {
				"411171", "4111F1", "4111F2" }) List<String> smallUnitCodes){

	public LedgerProperties {
		if (!(yellowAt > 0 && yellowAt <= 1)) {
			throw new IllegalArgumentException("app.ledger.yellow-at must be in (0, 1]");
		}
		if (dueSoonDays < 0 || graceDays < 0) {
			throw new IllegalArgumentException("app.ledger.due-soon-days and grace-days must not be negative");
		}
		smallUnitCodes = List.copyOf(smallUnitCodes);
	}

}
