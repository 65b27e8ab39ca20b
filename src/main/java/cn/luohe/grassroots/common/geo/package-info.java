/** Locations as the phones report them, and the distances between them. */
@NullMarked
package cn.luohe.grassroots.common.geo;

import org.jspecify.annotations.NullMarked;
