package cn.luohe.grassroots.config;

import java.util.List;
import java.util.Locale;

import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;

/**
 * The two languages the service answers in: Simplified Chinese, the default, and English
 * when {@code Accept-Language} prefers it (any {@code en-*}). Only these two, so every
 * message bundle (ours and Hibernate Validator's) is loaded once at start-up, not by a
 * blocking read on an event-loop thread when a request first asks for a language.
 */
@Configuration(proxyBeanMethods = false)
class LanguageConfiguration {

	static final List<Locale> LANGUAGES = List.of(Locale.SIMPLIFIED_CHINESE, Locale.ENGLISH);

	@Bean(WebHttpHandlerBuilder.LOCALE_CONTEXT_RESOLVER_BEAN_NAME)
	LocaleContextResolver localeContextResolver() {
		AcceptHeaderLocaleContextResolver resolver = new AcceptHeaderLocaleContextResolver();
		resolver.setSupportedLocales(LANGUAGES);
		resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
		return resolver;
	}

	@Bean
	SmartInitializingSingleton languageWarmup(MessageSource messages, Validator validator) {
		return () -> {
			Locale before = LocaleContextHolder.getLocale();
			try {
				for (Locale locale : LANGUAGES) {
					messages.getMessage("status.400.title", null, "", locale);
					LocaleContextHolder.setLocale(locale);
					validator.validate(new Probe(null));
				}
			}
			finally {
				LocaleContextHolder.setLocale(before);
			}
		};
	}

	record Probe(@NotNull @Nullable String value) {
	}

}
