@NullMarked
package cn.luohe.grassroots.correction.internal;

import org.jspecify.annotations.NullMarked;
