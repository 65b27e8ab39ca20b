package cn.luohe.grassroots.identity.internal;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/** Dev login hands out tokens for any openid: production refuses to start with it. */
@Component
class DevLoginGuard implements InitializingBean {

	private final IdentityProperties properties;

	private final Environment environment;

	DevLoginGuard(IdentityProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.properties.devLogin() && this.environment.acceptsProfiles(Profiles.of("prod"))) {
			throw new IllegalStateException("APP_DEV_LOGIN must not be enabled in the prod profile");
		}
	}

}
