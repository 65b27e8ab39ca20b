/**
 * Finding the place: orgs by name or pinyin initials, orgs near a GPS fix, and
 * coordinates that learn from accurate check-ins until a county secretary confirms them.
 * Reads the org tree through {@code org.api} and the callers through
 * {@code identity.api}; nothing uses it.
 */
@ApplicationModule(displayName = "place")
@NullMarked
package cn.luohe.grassroots.place;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
