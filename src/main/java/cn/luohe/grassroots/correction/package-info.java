/**
 * Corrections and voids of records of every kind ("fix my mistakes"): one amendment
 * window, one check, one audit trail, one feed correction. Other features use only its
 * {@code api} package.
 */
@ApplicationModule(displayName = "correction")
@NullMarked
package cn.luohe.grassroots.correction;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
