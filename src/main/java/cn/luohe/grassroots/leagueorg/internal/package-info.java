@org.jspecify.annotations.NullMarked
package cn.luohe.grassroots.leagueorg.internal;
