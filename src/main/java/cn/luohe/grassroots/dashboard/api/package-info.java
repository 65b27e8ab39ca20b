/**
 * What other features may use of dashboard.
 */
@NamedInterface("api")
package cn.luohe.grassroots.dashboard.api;

import org.springframework.modulith.NamedInterface;
