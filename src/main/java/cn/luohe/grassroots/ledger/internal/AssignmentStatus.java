package cn.luohe.grassroots.ledger.internal;

public enum AssignmentStatus {

	NOT_STARTED, IN_PROGRESS, DONE, CANNOT_DO

}
