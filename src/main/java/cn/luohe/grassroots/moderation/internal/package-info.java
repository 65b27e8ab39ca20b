/** Every type and member of this package is non-null unless marked {@code @Nullable}. */
@NullMarked
package cn.luohe.grassroots.moderation.internal;

import org.jspecify.annotations.NullMarked;
