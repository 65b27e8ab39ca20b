/**
 * What other features may use of org.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.org.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
