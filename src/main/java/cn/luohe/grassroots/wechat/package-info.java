/**
 * WeChat adapter. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "wechat")
@NullMarked
package cn.luohe.grassroots.wechat;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
