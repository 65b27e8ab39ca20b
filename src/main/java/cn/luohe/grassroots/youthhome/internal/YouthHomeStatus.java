package cn.luohe.grassroots.youthhome.internal;

/** DELISTED (摘牌) keeps the home and its history but accepts no new records. */
public enum YouthHomeStatus {

	ACTIVE, DELISTED

}
