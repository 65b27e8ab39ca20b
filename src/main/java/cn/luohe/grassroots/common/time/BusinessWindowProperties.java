package cn.luohe.grassroots.common.time;

import java.time.YearMonth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The service's working life: no business date (an activity, a visit, a meeting) lies
 * before {@code firstMonth} (the first ledger and targets are of 2020).
 *
 * @param firstMonth the service's first month, Asia/Shanghai
 */
@ConfigurationProperties("app.business")
public record BusinessWindowProperties(@DefaultValue("2020-01") YearMonth firstMonth) {
}
