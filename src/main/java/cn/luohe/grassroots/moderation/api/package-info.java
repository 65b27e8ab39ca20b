/**
 * What other features may use of moderation: the text gate, photo clearance and the
 * listener port for withdrawn photos.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.moderation.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
