/**
 * My month: the signed-in user's duties of the current month in one answer (the
 * mini-program's home screen). Composes other features through their {@code api} packages
 * only; other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "mymonth")
@NullMarked
package cn.luohe.grassroots.mymonth;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
