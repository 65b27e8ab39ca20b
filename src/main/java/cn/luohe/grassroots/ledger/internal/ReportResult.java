package cn.luohe.grassroots.ledger.internal;

/** A report with the assignment as it stands after it. */
public record ReportResult(Report report, Assignment assignment) {
}
