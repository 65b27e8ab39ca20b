package cn.luohe.grassroots.media.internal;

/** An accepted photo (also the stored answer of an idempotent upload). */
public record MediaDetails(long id, String contentType, long size) {
}
