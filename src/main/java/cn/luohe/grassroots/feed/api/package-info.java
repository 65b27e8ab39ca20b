/**
 * What other features may use of feed.
 */
@NamedInterface("api")
package cn.luohe.grassroots.feed.api;

import org.springframework.modulith.NamedInterface;
