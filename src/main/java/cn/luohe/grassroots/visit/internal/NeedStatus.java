package cn.luohe.grassroots.visit.internal;

/** 件件有解答: a need heard stays OPEN until someone answers it. */
public enum NeedStatus {

	OPEN, RESOLVED

}
