/**
 * What other features may use of correction: the record kinds, what a record tells about
 * itself, and the one helper that corrects or voids it.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.correction.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
