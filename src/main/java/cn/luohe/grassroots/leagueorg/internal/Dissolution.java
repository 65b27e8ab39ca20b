package cn.luohe.grassroots.leagueorg.internal;

import java.time.LocalDate;

public record Dissolution(LocalDate dissolvedOn, String reason) {
}
