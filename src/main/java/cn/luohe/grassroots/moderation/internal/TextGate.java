package cn.luohe.grassroots.moderation.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.error.FailureLog;
import cn.luohe.grassroots.common.ratelimit.FixedWindowLimit;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.feed.api.FeedEventDraft;
import cn.luohe.grassroots.feed.api.FeedOutbox;
import cn.luohe.grassroots.moderation.api.ContentModeration;
import cn.luohe.grassroots.moderation.api.TextCheck;
import cn.luohe.grassroots.moderation.api.TextScene;
import cn.luohe.grassroots.wechat.api.ContentSecurity;
import cn.luohe.grassroots.wechat.api.ContentSecurity.Verdict;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The text gate: msgSecCheck v2 once per request, before its transaction. WeChat down,
 * slow or over the shared quota (4000 a minute) never loses a write: the text is stored
 * and held for a city admin ({@code UNCHECKED}). WeChat not configured: texts pass
 * unchecked, so that runs without WeChat work.
 */
@Component
class TextGate implements ContentModeration {

	/** msgSecCheck's limit per call, in characters. */
	static final int MAX_CONTENT = 2500;

	static final int QUOTA_PER_MINUTE = 4000;

	static final String QUOTA_KEY = "grassroots:wechat:quota:msgSecCheck";

	private static final int EXCERPT_LENGTH = 2000;

	private final FailureLog failures = new FailureLog(LoggerFactory.getLogger(TextGate.class), 30, TimeUnit.SECONDS);

	private final ContentSecurity security;

	private final ModerationRepository repository;

	private final FeedOutbox feed;

	private final BusinessClock clock;

	private final JsonMapper json;

	private final FixedWindowLimit quota;

	TextGate(ContentSecurity security, ModerationRepository repository, FeedOutbox feed, BusinessClock clock,
			JsonMapper json, ReactiveStringRedisTemplate redis) {
		this.security = security;
		this.repository = repository;
		this.feed = feed;
		this.clock = clock;
		this.json = json;
		this.quota = new FixedWindowLimit(redis, "msgSecCheck quota", Duration.ofSeconds(1));
	}

	@Override
	public Mono<TextCheck> check(long authorId, TextScene scene, List<@Nullable String> texts) {
		List<String> parts = texts.stream().filter(t -> t != null && !t.isBlank()).map(String::strip).toList();
		if (parts.isEmpty()) {
			return Mono.just(TextCheck.none(authorId));
		}
		String all = String.join("\n", parts);
		String excerpt = (all.length() <= EXCERPT_LENGTH) ? all : all.substring(0, EXCERPT_LENGTH - 1) + "…";
		if (!this.security.configured()) {
			return Mono.just(new TextCheck(authorId, excerpt, false, null, null));
		}
		List<String> chunks = chunks(all);
		return this.quota.hit(QUOTA_KEY, QUOTA_PER_MINUTE, Duration.ofMinutes(1)).flatMap(allowed -> {
			if (!allowed) {
				this.failures.warn("quota", "msgSecCheck quota used up this minute: texts are held for review");
				return Mono.just(new TextCheck(authorId, excerpt, true, "UNCHECKED", null));
			}
			return this.repository.openid(authorId)
				.flatMapMany(openid -> Flux.fromIterable(chunks)
					.concatMap(chunk -> this.security.checkText(openid, scene.wechatScene(), chunk)))
				.reduce(Verdict.UNCHECKED_PASS, TextGate::worse)
				.map(verdict -> switch (verdict.suggest()) {
					case PASS -> new TextCheck(authorId, excerpt, false, null, verdict.label());
					case REVIEW -> new TextCheck(authorId, excerpt, true, "REVIEW", verdict.label());
					case RISKY -> throw ApiException.unprocessable("CONTENT_REJECTED",
							"The text did not pass WeChat's content security check; change it and send it again");
				})
				.onErrorResume(ex -> !(ex instanceof ApiException api && "CONTENT_REJECTED".equals(api.code())), ex -> {
					this.failures.warn("unreachable",
							"msgSecCheck failed (" + ex.getClass().getSimpleName() + "): text held for review");
					return Mono.just(new TextCheck(authorId, excerpt, true, "UNCHECKED", null));
				});
		});
	}

	private static Verdict worse(Verdict a, Verdict b) {
		return (b.suggest().ordinal() > a.suggest().ordinal()) ? b : a;
	}

	static List<String> chunks(String text) {
		List<String> chunks = new ArrayList<>();
		for (int start = 0; start < text.length(); start += MAX_CONTENT) {
			chunks.add(text.substring(start, Math.min(text.length(), start + MAX_CONTENT)));
		}
		return chunks;
	}

	@Override
	public SqlStep publishStep(String name, TextCheck check, FeedEventDraft event, String recordIdSql) {
		if (!check.held()) {
			return this.feed.appendStep(name, event, recordIdSql);
		}
		// a small record, serialised in memory: no I/O
		String held = this.json.writeValueAsString(event);
		return ModerationRepository.itemStep(name,
				new ModerationRepository.NewItem(ItemKind.TEXT_HELD, event.type().recordType(), null, null,
						event.org().id(), check.authorId(), check.excerpt(), check.reason(), check.label(), held),
				recordIdSql, "HELD", check.reason(), this.clock.now());
	}

	@Override
	public SqlStep fileHeldStep(String name, TextCheck check, String recordType, String recordIdSql, long orgId) {
		if (!check.held()) {
			return SqlStep.NONE;
		}
		return ModerationRepository.itemStep(name,
				new ModerationRepository.NewItem(ItemKind.TEXT_HELD, recordType, null, null, orgId, check.authorId(),
						check.excerpt(), check.reason(), check.label(), null),
				recordIdSql, "HELD", check.reason(), this.clock.now());
	}

	@Override
	public Mono<Void> fileHeld(TextCheck check, String recordType, long recordId, long orgId) {
		if (!check.held()) {
			return Mono.empty();
		}
		return this.repository.insertItemWithAudit(
				new ModerationRepository.NewItem(ItemKind.TEXT_HELD, recordType, recordId, null, orgId,
						check.authorId(), check.excerpt(), check.reason(), check.label(), null),
				"HELD", check.reason(), this.clock.now());
	}

}
