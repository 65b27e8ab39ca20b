package cn.luohe.grassroots.visit.internal;

/** A user as shown on records: never a phone or an openid. */
public record Person(long id, String displayName) {
}
