/**
 * What other features may use of forms: who has not submitted a month's forms and the
 * days left (for reminders).
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.forms.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
