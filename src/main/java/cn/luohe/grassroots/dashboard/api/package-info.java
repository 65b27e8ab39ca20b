/**
 * What other features may use of dashboard.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.dashboard.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
