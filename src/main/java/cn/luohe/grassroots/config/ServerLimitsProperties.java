package cn.luohe.grassroots.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the HTTP server ({@code app.server.*}); public only because Boot binds it.
 *
 * @param maxConnections open connections at most; further ones are closed at once
 * @param headerTimeout time a connection has, from being opened or from the end of its
 * previous answer, to send a whole request head (slowloris); also the keep-alive idle
 * limit between requests
 * @param idleTimeout Reactor Netty's idle limit of a connection waiting for a request
 * @param readTimeout longest pause between reads of a request body
 * @param requestTimeout longest time to read a whole request body (a 10 MB photo on a
 * slow phone)
 * @param drainDelay on shutdown, how long the instance keeps serving after its readiness
 * went DOWN, before the server stops taking connections: time for a load balancer without
 * a preStop hook to take it out of rotation (0: none; Kubernetes' preStop does it)
 */
@ConfigurationProperties("app.server")
public record ServerLimitsProperties(@DefaultValue("8192") int maxConnections,
		@DefaultValue("15s") Duration headerTimeout, @DefaultValue("60s") Duration idleTimeout,
		@DefaultValue("30s") Duration readTimeout, @DefaultValue("120s") Duration requestTimeout,
		@DefaultValue("0s") Duration drainDelay) {

	public ServerLimitsProperties {
		if (maxConnections < 1) {
			throw new IllegalArgumentException("app.server.max-connections must be positive");
		}
	}

}
