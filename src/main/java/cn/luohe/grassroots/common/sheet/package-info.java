/**
 * Spreadsheets written with Apache POI's streaming SXSSF: rows go out as they come, so a
 * city-wide export never holds its rows in memory.
 */
@NullMarked
package cn.luohe.grassroots.common.sheet;

import org.jspecify.annotations.NullMarked;
