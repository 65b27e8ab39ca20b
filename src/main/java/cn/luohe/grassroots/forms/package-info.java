/**
 * The monthly statistics forms 附件4 (school domain) and 附件5 (social domain): drafts
 * computed from the league-organisation records, submissions due by the 28th, the city's
 * list of who has submitted, and exports in the paper forms' layout. Other features use
 * only its {@code api} package.
 */
@ApplicationModule(displayName = "forms")
@NullMarked
package cn.luohe.grassroots.forms;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
