/**
 * What other features may use of org.
 */
@NamedInterface("api")
package cn.luohe.grassroots.org.api;

import org.springframework.modulith.NamedInterface;
