package cn.luohe.grassroots.dashboard.api;

/** 插红旗、标黄旗、挂黑旗: on target, behind, far behind; NONE when there is nothing to judge. */
public enum Flag {

	RED, YELLOW, BLACK, NONE

}
