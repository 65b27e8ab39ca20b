/**
 * What other features may use of youthhome.
 */
@NamedInterface("api")
package cn.luohe.grassroots.youthhome.api;

import org.springframework.modulith.NamedInterface;
