/**
 * What other features may use of visit.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.visit.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
