package cn.luohe.grassroots.moderation.internal;

/** A queue item's state: open until a city admin releases or removes it. */
public enum ItemStatus {

	OPEN, RELEASED, REMOVED

}
