/**
 * What other features may use of media.
 */
@NamedInterface("api")
package cn.luohe.grassroots.media.api;

import org.springframework.modulith.NamedInterface;
