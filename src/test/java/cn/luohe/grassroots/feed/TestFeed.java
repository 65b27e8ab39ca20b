package cn.luohe.grassroots.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.Map;
import java.util.Objects;

import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedEventType;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses.FeedTicket;
import reactor.core.publisher.Flux;

import org.springframework.context.ApplicationContext;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.fail;

/**
 * Produces feed events the way record features do: {@link FeedOutbox#append} inside a
 * transaction of the given instance. Each event carries a unique summary to find it by.
 */
public final class TestFeed {

	public static final String WUYANG = "411121";

	public static final String LINYING = "411122";

	/** 舞阳县 舞泉镇 大杨庄村. */
	public static final String WUYANG_VILLAGE = "411121100201";

	/** 临颍县 城关街道 董畦村. */
	public static final String LINYING_VILLAGE = "411122001207";

	private final FeedOutbox outbox;

	private final TransactionalOperator transactions;

	private final OrgDirectory orgs;

	public TestFeed(ApplicationContext context) {
		this.outbox = context.getBean(FeedOutbox.class);
		this.transactions = context.getBean(TransactionalOperator.class);
		this.orgs = context.getBean(OrgDirectory.class);
	}

	/**
	 * Appends and commits an event at the org with {@code orgCode}; returns its summary.
	 */
	public String append(String orgCode, String label) {
		FeedEventDraft draft = draft(orgCode, label);
		this.transactions.transactional(this.outbox.append(draft)).block(Duration.ofSeconds(10));
		return draft.summary();
	}

	/**
	 * Appends {@code count} events in one transaction; returns their summaries in id
	 * order.
	 */
	public List<String> appendAll(String orgCode, int count, String label) {
		List<FeedEventDraft> drafts = IntStream.range(0, count).mapToObj(i -> draft(orgCode, label + " " + i)).toList();
		this.transactions.transactional(Flux.fromIterable(drafts).concatMap(this.outbox::append).then())
			.block(Duration.ofSeconds(10));
		return drafts.stream().map(FeedEventDraft::summary).toList();
	}

	public FeedEventDraft draft(String orgCode, String label) {
		Org org = org(orgCode);
		return new FeedEventDraft(FeedEventType.ACTIVITY_LOGGED, org, 0L, "测试者", Instant.parse("2026-11-20T02:00:00Z"),
				label + " " + UUID.randomUUID(), null, List.of());
	}

	public Org org(String code) {
		return this.orgs.findByCode(code).blockOptional(Duration.ofSeconds(10)).orElseThrow();
	}

	public FeedOutbox outbox() {
		return this.outbox;
	}

	public TransactionalOperator transactions() {
		return this.transactions;
	}

	/** A browser's single-use stream ticket issued to {@code client}'s user. */
	public static FeedTicket issueTicket(WebTestClient client) {
		FeedTicket ticket = client.post()
			.uri("/api/v1/feed/tickets")
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(FeedTicket.class)
			.returnResult()
			.getResponseBody();
		return Objects.requireNonNull(ticket);
	}

	public static long idOf(String summary) {
		return query("SELECT id FROM feed_event WHERE summary = ?", summary);
	}

	public static boolean published(String summary) {
		return query("SELECT count(*) FROM feed_event WHERE summary = ? AND published_at IS NOT NULL", summary) == 1;
	}

	public static void awaitPublished(String summary) {
		until(() -> published(summary), "event " + summary + " published");
	}

	/** Polls {@code condition} until it holds (or fails after a generous wait). */
	public static void until(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				fail("Gave up waiting for: " + what);
			}
			SseProbe.pause();
		}
	}

	public static long query(String sql, String parameter) {
		try (Connection connection = Identities.connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setString(1, parameter);
			try (ResultSet rows = statement.executeQuery()) {
				if (!rows.next()) {
					fail("No row for " + parameter);
				}
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
