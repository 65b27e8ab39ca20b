/**
 * What other features may use of identity.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.identity.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
