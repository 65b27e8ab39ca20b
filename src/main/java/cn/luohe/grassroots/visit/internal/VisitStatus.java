package cn.luohe.grassroots.visit.internal;

/**
 * IN_PROGRESS until checked out (COMPLETED) or until the end of its day (AUTO_CLOSED,
 * which does not fulfil the monthly duty).
 */
public enum VisitStatus {

	IN_PROGRESS, COMPLETED, AUTO_CLOSED

}
