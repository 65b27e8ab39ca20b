/**
 * What other features may use of feed.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.feed.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
