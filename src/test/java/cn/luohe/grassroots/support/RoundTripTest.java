package cn.luohe.grassroots.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.time.BusinessClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the round-trip tests (issue 19: a create holds at most three statements in its
 * transaction): each test class gets its own service instance whose connections record
 * every statement in {@link #statements}, and a client that checks every answer against
 * the contract. BlockHound is on before the instance starts.
 */
@ExtendWith(BlockHoundExtension.class)
public abstract class RoundTripTest {

	protected static final StatementLog statements = new StatementLog();

	protected static ServiceInstance instance;

	protected static WebTestClient client;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES) // a context start on a busy box
	static void startRecordingInstance(TestInfo test) {
		boolean checksTexts = test.getTestClass()
			.map(type -> type.isAnnotationPresent(ChecksTexts.class))
			.orElse(false);
		instance = ServiceInstance.start(checksTexts ? withWeChat() : Map.of(), statements);
		client = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(20))
			.filter(new ContractValidator())
			.build();
	}

	/**
	 * On a round-trip test class: its instance checks texts with msgSecCheck against
	 * {@link FakeWeChat} (otherwise texts pass unchecked).
	 */
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.TYPE)
	public @interface ChecksTexts {

	}

	/**
	 * Settings pointing an instance at {@link FakeWeChat}, so that its texts are checked
	 * by msgSecCheck, with a timeout no first call outlasts (a slow call would hold a
	 * text as unchecked).
	 */
	private static Map<String, String> withWeChat() {
		Map<String, String> settings = new LinkedHashMap<>();
		FakeWeChat.get().properties().forEach((key, value) -> settings.put(key, String.valueOf(value)));
		settings.put("wechat.timeout", "20s");
		return settings;
	}

	/**
	 * An hour before the instance's (fixed) business time, whatever the wall clock says,
	 * to the second: a start time its rules accept as past and in the current month.
	 */
	protected static Instant anHourBeforeBusinessTime() {
		return instance.context()
			.getBean(BusinessClock.class)
			.now()
			.truncatedTo(ChronoUnit.SECONDS)
			.minus(Duration.ofHours(1));
	}

	/**
	 * The one committed transaction that ran {@code marker} held exactly three
	 * statements: the idempotency key, one statement containing every {@code inWith}, the
	 * stored answer.
	 */
	protected static void expectKeyStatementAnswer(String marker, String... inWith) {
		List<List<String>> transactions = statements.transactionsWith(marker);
		assertThat(transactions).hasSize(1);
		List<String> transaction = transactions.get(0);
		assertThat(transaction).hasSize(3);
		assertThat(transaction.get(0)).contains("INSERT INTO idempotency_key");
		assertThat(transaction.get(1)).contains(inWith);
		assertThat(transaction.get(2)).contains("UPDATE idempotency_key");
	}

	/**
	 * {@code user}'s JSON {@code POST} of {@code body} under {@code key} (none when
	 * null), expected to answer 201 with a {@code type}.
	 */
	protected static <T> T created(TestUser user, @Nullable String key, Object body, Class<T> type, String uri,
			Object... uriVariables) {
		T answer = client.post().uri(uri, uriVariables).header("Authorization", user.bearer()).headers(headers -> {
			if (key != null) {
				headers.set("Idempotency-Key", key);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
		assertThat(answer).as("the answer of POST %s", uri).isNotNull();
		return answer;
	}

	@AfterAll
	static void stopRecordingInstance() {
		if (instance != null) {
			instance.close();
		}
	}

}
