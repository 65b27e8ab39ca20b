/**
 * Per-instance caches of what rarely changes, invalidated on every replica through Redis.
 */
@NullMarked
package cn.luohe.grassroots.common.cache;

import org.jspecify.annotations.NullMarked;
