package cn.luohe.grassroots.identity.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings: {@code APP_JWT_SECRET}, {@code APP_BOOTSTRAP_ADMIN_OPENIDS},
 * {@code APP_DEV_LOGIN}, {@code APP_DATA_DIR} (where a generated JWT secret is kept).
 */
@ConfigurationProperties("app")
public record IdentityProperties(@Nullable String jwtSecret, @DefaultValue List<String> bootstrapAdminOpenids,
		@DefaultValue("false") boolean devLogin, @DefaultValue("./data") Path dataDir,
		@DefaultValue("2h") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl) {

	@Override
	public String toString() {
		return "IdentityProperties[jwtSecret=" + ((this.jwtSecret != null) ? "******" : "generated") + ", devLogin="
				+ this.devLogin + "]";
	}

}
