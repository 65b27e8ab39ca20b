/**
 * What other features may use of media.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.media.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
