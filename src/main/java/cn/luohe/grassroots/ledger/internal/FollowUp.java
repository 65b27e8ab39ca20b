package cn.luohe.grassroots.ledger.internal;

/** A supervision whose follow-up is due, with the assignment it concerns. */
public record FollowUp(Supervision supervision, Assignment assignment) {
}
