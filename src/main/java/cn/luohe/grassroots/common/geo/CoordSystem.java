package cn.luohe.grassroots.common.geo;

/**
 * Datum of a reported point. WeChat's {@code wx.getLocation} answers WGS84 by default and
 * GCJ-02 (the offset system Chinese maps draw in) when asked for it.
 */
public enum CoordSystem {

	WGS84, GCJ02

}
