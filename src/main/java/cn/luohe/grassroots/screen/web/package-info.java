/** Serves the big screen's page. */
@org.jspecify.annotations.NullMarked
package cn.luohe.grassroots.screen.web;
