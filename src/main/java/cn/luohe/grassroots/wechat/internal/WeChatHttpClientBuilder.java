package cn.luohe.grassroots.wechat.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP client WxJava uses for us. It replaces WxJava's JVM-wide
 * {@code DefaultApacheHttpClientBuilder.get()} singleton, whose wait for a pooled
 * connection is unbounded: here every wait (connect, read, pool lease) is bounded by the
 * configured timeout, the pool matches the WeChat scheduler's thread cap so a thread
 * never waits for a connection, transport retries are off and certificates are verified.
 */
final class WeChatHttpClientBuilder implements ApacheHttpClientBuilder, AutoCloseable {

	private final int timeoutMillis;

	private final int poolSize;

	private @Nullable CloseableHttpClient client;

	WeChatHttpClientBuilder(Duration timeout, int poolSize) {
		this.timeoutMillis = Math.toIntExact(timeout.toMillis());
		this.poolSize = poolSize;
	}

	@Override
	public synchronized CloseableHttpClient build() {
		if (this.client == null) {
			this.client = create();
		}
		return this.client;
	}

	private CloseableHttpClient create() {
		PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(60, TimeUnit.SECONDS);
		pool.setMaxTotal(this.poolSize);
		pool.setDefaultMaxPerRoute(this.poolSize);
		// also bounds reads when a request carries its own RequestConfig
		pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(this.timeoutMillis).build());
		pool.setValidateAfterInactivity(2_000);
		RequestConfig requestConfig = RequestConfig.custom()
			.setConnectTimeout(this.timeoutMillis)
			.setSocketTimeout(this.timeoutMillis)
			.setConnectionRequestTimeout(this.timeoutMillis)
			.build();
		return HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(requestConfig)
			.disableAutomaticRetries()
			.evictExpiredConnections()
			.evictIdleConnections(30, TimeUnit.SECONDS)
			.setUserAgent("grassroots")
			.build();
	}

	@Override
	public synchronized void close() throws IOException {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

	// WxJava's initHttp() passes the config's proxy settings, which we never set.
	// Anything else is refused rather than silently ignored.

	@Override
	public ApacheHttpClientBuilder httpProxyHost(@Nullable String httpProxyHost) {
		return refuseUnless(httpProxyHost == null, "proxy");
	}

	@Override
	public ApacheHttpClientBuilder httpProxyPort(int httpProxyPort) {
		return this;
	}

	@Override
	public ApacheHttpClientBuilder httpProxyUsername(@Nullable String httpProxyUsername) {
		return refuseUnless(httpProxyUsername == null, "proxy");
	}

	@Override
	public ApacheHttpClientBuilder httpProxyPassword(@Nullable String httpProxyPassword) {
		return refuseUnless(httpProxyPassword == null, "proxy");
	}

	@Override
	public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler httpRequestRetryHandler) {
		return refuseUnless(false, "retry handler");
	}

	@Override
	public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy keepAliveStrategy) {
		return refuseUnless(false, "keep-alive strategy");
	}

	@Override
	public ApacheHttpClientBuilder sslConnectionSocketFactory(SSLConnectionSocketFactory sslConnectionSocketFactory) {
		return refuseUnless(false, "SSL socket factory");
	}

	@Override
	public ApacheHttpClientBuilder supportedProtocols(String[] supportedProtocols) {
		return refuseUnless(false, "TLS protocols");
	}

	private ApacheHttpClientBuilder refuseUnless(boolean harmless, String what) {
		if (!harmless) {
			throw new UnsupportedOperationException("The WeChat HTTP client does not support a custom " + what);
		}
		return this;
	}

}
