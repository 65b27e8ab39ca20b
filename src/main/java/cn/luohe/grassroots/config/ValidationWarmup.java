package cn.luohe.grassroots.config;

import cn.luohe.grassroots.common.id.Randoms;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The first constraint violation makes Hibernate Validator load its message bundles from
 * a jar, a blocking read that would otherwise happen on an event-loop thread. The same
 * holds for seeding the random generator.
 */
@Component
class ValidationWarmup implements SmartInitializingSingleton {

	private final Validator validator;

	ValidationWarmup(Validator validator) {
		this.validator = validator;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.validator.validate(new Probe(null));
		Randoms.warmUp();
	}

	record Probe(@NotNull @Nullable String value) {
	}

}
