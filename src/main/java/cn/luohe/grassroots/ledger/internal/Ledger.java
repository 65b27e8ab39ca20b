package cn.luohe.grassroots.ledger.internal;

import java.time.Instant;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/** The ledger of a year; expectations are pro-rated from {@code startsOn}. */
public record Ledger(int year, String title, LocalDate startsOn, @Nullable Integer copiedFrom, Instant createdAt) {
}
