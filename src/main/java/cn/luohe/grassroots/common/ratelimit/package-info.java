/**
 * Limits on how often a caller may try something, shared by every instance through Redis.
 */
@NullMarked
package cn.luohe.grassroots.common.ratelimit;

import org.jspecify.annotations.NullMarked;
