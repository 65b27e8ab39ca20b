/**
 * Request rules shared by the security chain and the filters that answer before it (the
 * feed's stream).
 */
@NullMarked
package cn.luohe.grassroots.common.security;

import org.jspecify.annotations.NullMarked;
