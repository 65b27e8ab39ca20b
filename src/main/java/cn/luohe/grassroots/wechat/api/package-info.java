/**
 * What other features may use of wechat.
 */
@NamedInterface("api")
package cn.luohe.grassroots.wechat.api;

import org.springframework.modulith.NamedInterface;
