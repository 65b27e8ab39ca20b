package cn.luohe.grassroots.ledger.internal;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

public record NewSupervision(String kind, LocalDate heldOn, @Nullable String participants, String findings,
		String actions, @Nullable LocalDate followUpOn) {
}
