package cn.luohe.grassroots.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * PC sign-in by scan ({@code app.scan.*}): the mini-program page that confirms, the
 * code's version, how long an attempt lives, how long a poll may wait, and the limits.
 *
 * @param page the mini-program page a scan opens (it receives the scene)
 * @param envVersion {@code release}, {@code trial} or {@code develop}
 * @param ttl how long a code may be scanned and confirmed
 * @param collectWithin how long after confirmation the browser may collect its tokens
 * @param maxWait the longest a status poll waits for a change
 * @param createsPerIp sign-in attempts one address may start per ten minutes
 * @param pollsPerSession status polls per attempt per ten minutes
 * @param decisionsPerUser scans and decisions one user may send per minute
 */
@ConfigurationProperties("app.scan")
public record ScanProperties(@DefaultValue("pages/scan-confirm/index") String page,
		@DefaultValue("release") String envVersion, @DefaultValue("2m") Duration ttl,
		@DefaultValue("1m") Duration collectWithin, @DefaultValue("25s") Duration maxWait,
		@DefaultValue("60") int createsPerIp, @DefaultValue("600") int pollsPerSession,
		@DefaultValue("20") int decisionsPerUser) {
}
