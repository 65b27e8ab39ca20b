/**
 * The leaders' big screen: a static page at {@code /screen} (resources under
 * {@code static/screen}) that reads the API with the browser's own tokens.
 */
@org.jspecify.annotations.NullMarked
package cn.luohe.grassroots.screen;
