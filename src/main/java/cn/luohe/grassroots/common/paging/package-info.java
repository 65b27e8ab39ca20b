/**
 * The one paging kit: the list shape ({@link cn.luohe.grassroots.common.paging.Page}),
 * the {@code limit} parameter and the cursors. Outside the web layers, so that a
 * feature's services may page too.
 */
@NullMarked
package cn.luohe.grassroots.common.paging;

import org.jspecify.annotations.NullMarked;
