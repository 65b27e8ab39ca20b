@NullMarked
package cn.luohe.grassroots.place.internal;

import org.jspecify.annotations.NullMarked;
