/**
 * What other features may use of wechat.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.wechat.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
