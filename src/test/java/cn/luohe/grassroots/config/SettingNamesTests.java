package cn.luohe.grassroots.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every framework setting in our YAML is one the framework reads. A renamed property is
 * not an error at start-up: Boot 4 moved {@code spring.dao.exceptiontranslation} and
 * {@code server.error} and silently ignored the old names, so a setting meant to remove
 * 25 proxies did nothing. Checked against the configuration metadata the framework's jars
 * carry (our own {@code app.*} settings are bound by typed properties instead).
 */
class SettingNamesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "application.yml", "application-prod.yml", "application-test.yml" })
	void shouldNameOnlySettingsTheFrameworkReads(String file) throws IOException {
		Metadata metadata = Metadata.load();
		List<String> problems = new ArrayList<>();
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
			assertThat(in).as(file).isNotNull();
			for (Object document : new Yaml().loadAll(in)) {
				if (document instanceof Map<?, ?> map) {
					flatten("", map, (key) -> {
						String problem = metadata.problem(key);
						if (problem != null) {
							problems.add(key + ": " + problem);
						}
					});
				}
			}
		}
		assertThat(problems).as(file).isEmpty();
	}

	@Test
	void shouldTellARenamedAndAnUnknownSetting() throws IOException {
		Metadata metadata = Metadata.load();
		assertThat(metadata.problem("spring.dao.exceptiontranslation.enabled"))
			.contains("spring.persistence.exceptiontranslation.enabled");
		assertThat(metadata.problem("spring.data.r2dbc.repositories.enabled")).isEqualTo("unknown");
		assertThat(metadata.problem("spring.persistence.exceptiontranslation.enabled")).isNull();
		assertThat(metadata.problem("logging.level.io.netty")).isNull();
	}

	private static void flatten(String prefix, Map<?, ?> map, java.util.function.Consumer<String> keys) {
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			String key = prefix.isEmpty() ? String.valueOf(entry.getKey()) : prefix + "." + entry.getKey();
			if (entry.getValue() instanceof Map<?, ?> nested && !nested.isEmpty()) {
				flatten(key, nested, keys);
			}
			else {
				keys.accept(key);
			}
		}
	}

	/** The properties (with deprecations) of every metadata file on the class path. */
	private record Metadata(Map<String, JsonNode> properties, List<String> maps) {

		static Metadata load() throws IOException {
			Map<String, JsonNode> properties = new HashMap<>();
			List<String> maps = new ArrayList<>();
			for (String name : List.of("META-INF/spring-configuration-metadata.json",
					"META-INF/additional-spring-configuration-metadata.json")) {
				Enumeration<URL> resources = SettingNamesTests.class.getClassLoader().getResources(name);
				while (resources.hasMoreElements()) {
					try (InputStream in = resources.nextElement().openStream()) {
						JsonNode root = json.readTree(in);
						for (JsonNode property : root.path("properties")) {
							String key = property.path("name").asString();
							// additional metadata adds deprecations to what the main file
							// says
							properties.merge(key, property, (a, b) -> b.has("deprecation") || !a.has("type") ? b : a);
							if (property.path("type").asString("").startsWith("java.util.Map")) {
								maps.add(key);
							}
						}
					}
				}
			}
			return new Metadata(properties, maps);
		}

		/** Why {@code key} is not read, or null when it is. */
		String problem(String key) {
			if (key.startsWith("app.")) {
				return null;
			}
			JsonNode property = this.properties.get(key);
			if (property != null) {
				JsonNode deprecation = property.path("deprecation");
				if ("error".equals(deprecation.path("level").asString(""))) {
					return "no longer read; now " + deprecation.path("replacement").asString("(removed)");
				}
				return null;
			}
			for (String map : this.maps) {
				if (key.startsWith(map + ".")) {
					return null;
				}
			}
			return "unknown";
		}

	}

}
