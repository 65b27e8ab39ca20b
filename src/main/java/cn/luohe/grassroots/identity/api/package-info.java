/**
 * What other features may use of identity.
 */
@NamedInterface("api")
package cn.luohe.grassroots.identity.api;

import org.springframework.modulith.NamedInterface;
