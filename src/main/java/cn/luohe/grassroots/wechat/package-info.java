/**
 * WeChat adapter. Other features use only its {@code api} package.
 */
@ApplicationModule(displayName = "wechat")
package cn.luohe.grassroots.wechat;

import org.springframework.modulith.ApplicationModule;
