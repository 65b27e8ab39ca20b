/** Strict JSON reading shared by every feature. */
@NullMarked
package cn.luohe.grassroots.common.json;

import org.jspecify.annotations.NullMarked;
