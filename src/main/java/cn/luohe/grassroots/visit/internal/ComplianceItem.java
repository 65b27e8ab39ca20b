package cn.luohe.grassroots.visit.internal;

/**
 * One visiting cadre's duty for a month: {@code visits} completed visits in visit week,
 * fulfilled by one.
 */
public record ComplianceItem(long userId, String displayName, boolean completed, long visits) {
}
