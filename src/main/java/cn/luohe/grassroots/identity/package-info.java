/**
 * Identity: users, role bindings, invitations, tokens. Other features use only its
 * {@code api} package.
 */
@ApplicationModule(displayName = "identity")
@NullMarked
package cn.luohe.grassroots.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
