package cn.luohe.grassroots.youthhome.api;

import java.time.YearMonth;

/** A home's activities logged in one month. */
public record YouthHomeMonth(YouthHomeRef home, YearMonth month, long activities) {

	public boolean meetsTarget() {
		return this.activities >= YouthHomeDirectory.MONTHLY_ACTIVITY_TARGET;
	}

}
