/**
 * What other features may use of youthhome.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.youthhome.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
