/**
 * What other features may use of mymonth: the questions it asks them.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.mymonth.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
