package cn.luohe.grassroots.youthhome.api;

/** A Youth Home as other features see it. */
public record YouthHomeRef(long id, String name, long townId, boolean active) {
}
