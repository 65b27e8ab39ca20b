/**
 * What other features may use of firstsecretary (the work ledger measures themed events).
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.firstsecretary.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
