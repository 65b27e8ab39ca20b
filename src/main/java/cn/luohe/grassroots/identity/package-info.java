/**
 * Identity: users, role bindings, invitations, tokens. Other features use only its
 * {@code api} package.
 */
@ApplicationModule(displayName = "identity")
package cn.luohe.grassroots.identity;

import org.springframework.modulith.ApplicationModule;
