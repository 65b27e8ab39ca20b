package cn.luohe.grassroots.common.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every timestamp the contract declares is an ISO-8601 date-time with offset (OpenAPI's
 * {@code date-time} is RFC 3339, which requires one; ContractValidator refuses a response
 * with a date and time without offset anywhere): a property named like an instant
 * ({@code ...At}, {@code asOf}) must say {@code format: date-time}, and a business date
 * ({@code ...On}, {@code today}, {@code deadline}) {@code format: date}.
 */
class TimestampContractTests {

	/** A day, not an instant, named before this rule (renaming would break clients). */
	private static final Set<String> BUSINESS_DATES_NAMED_LIKE_INSTANTS = Set.of("cloudPlatformOnboardedAt");

	/** A business month (YYYY-MM) is a date too. */
	private static final String MONTH = "^\\d{4}-(0[1-9]|1[0-2])$";

	@Test
	void shouldDeclareEveryInstantAsADateTimeWithOffsetAndEveryBusinessDateAsADate() throws IOException {
		Object spec;
		try (Reader reader = Files.newBufferedReader(Path.of("miniprogram-api-spec/openapi.yaml"))) {
			spec = new Yaml().load(reader);
		}
		List<String> wrong = new ArrayList<>();
		walk(spec, "", wrong);
		assertThat(wrong).as("properties whose format does not say what they are").isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static void walk(Object node, String where, List<String> wrong) {
		if (node instanceof Map<?, ?> map) {
			Object properties = map.get("properties");
			if (properties instanceof Map<?, ?> props) {
				props.forEach((name, schema) -> check(where + "." + name, (String) name, schema, wrong));
			}
			map.forEach((key, value) -> walk(value, where + "/" + key, wrong));
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				walk(list.get(i), where + "[" + i + "]", wrong);
			}
		}
	}

	private static void check(String where, String name, Object schema, List<String> wrong) {
		if (!(schema instanceof Map<?, ?> map) || map.containsKey("$ref") || !isString(map.get("type"))) {
			return;
		}
		Object format = map.get("format");
		if (BUSINESS_DATES_NAMED_LIKE_INSTANTS.contains(name) && "date".equals(format)) {
			return;
		}
		if ((name.endsWith("At") || name.equals("asOf")) && !"date-time".equals(format)) {
			wrong.add(where + " (an instant: format date-time)");
		}
		if ((name.endsWith("On") || name.equals("today") || name.equals("deadline") || name.endsWith("Day"))
				&& !"date".equals(format) && !MONTH.equals(map.get("pattern"))) {
			wrong.add(where + " (a business date: format date)");
		}
	}

	private static boolean isString(Object type) {
		return "string".equals(type) || (type instanceof List<?> types && types.contains("string"));
	}

}
