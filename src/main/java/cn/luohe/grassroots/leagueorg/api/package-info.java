/**
 * What other features may use of leagueorg: departments and the domains they own, the
 * month's records for the forms, the coverage figures for the ledger.
 */
@NamedInterface("api")
@NullMarked
package cn.luohe.grassroots.leagueorg.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
