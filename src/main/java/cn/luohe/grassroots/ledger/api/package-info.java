/**
 * What other features may use of ledger.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.ledger.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
