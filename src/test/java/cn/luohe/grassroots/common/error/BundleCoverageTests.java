package cn.luohe.grassroots.common.error;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import cn.luohe.grassroots.org.api.OrgLevel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every problem code, NOT_FOUND subject, field message and Bean Validation constraint the
 * production sources use has its text in both bundles; the default bundle is Chinese.
 */
class BundleCoverageTests {

	private static final Path SOURCES = Path.of("src/main/java");

	private static final Pattern CODE = Pattern.compile(
			"(?:ApiException\\.(?:conflict|unprocessable)|new ApiException|new Problem)\\(\\s*(?:HttpStatus\\.[A-Z_]+,\\s*)?\"([A-Z][A-Z0-9_]*[A-Z0-9])\"");

	private static final Pattern NOT_FOUND = Pattern.compile("notFound\\(\\s*\"([^\"]+)\"");

	private static final Pattern FIELD_LITERAL = Pattern
		.compile("(?:invalidField\\(|new FieldProblem\\()[^;]*?,\\s*\"((?:[^\"\\\\]|\\\\.)+)\"\\s*\\)");

	private static final Pattern FIELD_KIND = Pattern.compile("FieldProblem\\.of\\([^,]+,\\s*\"(\\w+)\"");

	private static final Pattern CONSTRAINT = Pattern.compile("@(NotNull|NotBlank|NotEmpty|Size|Min|Max|DecimalMin"
			+ "|DecimalMax|Pattern|Positive|PositiveOrZero|Negative|NegativeOrZero|Email|Past|PastOrPresent|Future"
			+ "|FutureOrPresent|Digits|AssertTrue|AssertFalse|Null)\\b");

	private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

	private final Properties chinese = load("messages.properties");

	private final Properties english = load("messages_en.properties");

	@Test
	void shouldHaveEveryKeyInBothLanguages() {
		assertThat(this.english.stringPropertyNames())
			.containsExactlyInAnyOrderElementsOf(this.chinese.stringPropertyNames());
	}

	@Test
	void shouldWriteTheDefaultBundleInChineseAndTheEnglishOneWithout() {
		for (String key : this.chinese.stringPropertyNames()) {
			assertThat(HAN.matcher(this.chinese.getProperty(key)).find()).as("Chinese text of %s", key).isTrue();
			assertThat(HAN.matcher(this.english.getProperty(key)).find()).as("English text of %s", key).isFalse();
		}
	}

	@Test
	void shouldHaveADetailForEveryCodeTheSourcesUse() {
		Set<String> codes = new TreeSet<>(matches(CODE));
		codes.remove("NOT_A");
		for (OrgLevel level : OrgLevel.values()) {
			codes.add("NOT_A_" + level.name());
		}
		assertThat(codes).as("codes found").contains("NOT_FOUND", "VALIDATION_FAILED", "WECHAT_TIMEOUT");
		assertThat(codes).allSatisfy(code -> assertBoth("problem." + code + ".detail"));
	}

	@Test
	void shouldNameEverySubjectOfANotFound() {
		Set<String> subjects = matches(NOT_FOUND);
		assertThat(subjects).isNotEmpty();
		assertThat(subjects).allSatisfy(what -> assertBoth(ApiException.subjectKey(what)));
		assertBoth("subject.unknown");
	}

	@Test
	void shouldTranslateEveryFieldMessage() {
		Set<String> literals = matches(FIELD_LITERAL);
		assertThat(literals).as("field messages found").contains("must be xlsx or csv");
		assertThat(literals).allSatisfy(message -> assertThat(FieldMessages.match(message))
			.as("a bundle key for the field message '%s'", message)
			.isNotNull());
		assertThat(FieldMessages.kinds()).allSatisfy(kind -> assertBoth("field." + kind));
		assertThat(matches(FIELD_KIND)).allSatisfy(kind -> assertBoth("field." + kind));
		assertThat(matches(CONSTRAINT)).allSatisfy(this::assertBoth);
		assertBoth("typeMismatch");
	}

	/**
	 * A code's detail says what went wrong for that code: never the generic text of a
	 * status (what a code without its own detail gets), never another code's text.
	 */
	@Test
	void shouldGiveEveryCodeASpecificDetailInBothLanguages() {
		for (Properties bundle : List.of(this.chinese, this.english)) {
			Set<String> generic = new TreeSet<>();
			Map<String, String> codeByDetail = new HashMap<>();
			for (String key : bundle.stringPropertyNames()) {
				if (key.startsWith("status.") && key.endsWith(".detail")) {
					generic.add(bundle.getProperty(key));
				}
			}
			for (String key : new TreeSet<>(bundle.stringPropertyNames())) {
				if (!key.startsWith("problem.") || !key.endsWith(".detail")) {
					continue;
				}
				String detail = bundle.getProperty(key);
				assertThat(generic).as("%s is a status's generic text", key).doesNotContain(detail);
				assertThat(codeByDetail.putIfAbsent(detail, key)).as("%s repeats another code's detail", key).isNull();
			}
		}
	}

	@Test
	void shouldHaveATitleAndADetailForEveryStatusAnswered() {
		for (int status : new int[] { 400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 429, 500, 502, 503, 504 }) {
			assertBoth("status." + status + ".title");
			assertBoth("status." + status + ".detail");
		}
	}

	private void assertBoth(String key) {
		assertThat(this.chinese.getProperty(key)).as("messages.properties: %s", key).isNotBlank();
		assertThat(this.english.getProperty(key)).as("messages_en.properties: %s", key).isNotBlank();
	}

	private static Set<String> matches(Pattern pattern) {
		Set<String> found = new TreeSet<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
				String text = Files.readString(file).replaceAll("\\s+", " ").replace("\" + \"", "");
				Matcher matcher = pattern.matcher(text);
				while (matcher.find()) {
					found.add(matcher.group(1).replace("\\\"", "\""));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	private static Properties load(String name) {
		Properties properties = new Properties();
		try (InputStream in = BundleCoverageTests.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as(name).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

}
