/** What other features may ask of the first branch secretaries' records. */
@NullMarked
package cn.luohe.grassroots.firstsecretary.api;

import org.jspecify.annotations.NullMarked;
