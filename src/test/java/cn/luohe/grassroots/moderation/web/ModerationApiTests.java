package cn.luohe.grassroots.moderation.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.moderation.ModerationFixtures;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.FakeWeChat;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.ShownFeedItem;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content security through the running service, WeChat faked by WireMock: risky texts are
 * refused, review texts held from the feed until a city admin releases them, photos shown
 * to others only once WeChat cleared them and withdrawn when it judges them risky, pushes
 * verified by their signature, unanswered checks resubmitted and then reported.
 */
class ModerationApiTests extends ApiTest {

	private static final String LINYING = "411122";

	private static final String LINYING_TOWN = "411122001";

	private static final String BOUNDARY = "moderation-boundary-7f1";

	record Item(long id, String kind, String status, @Nullable String recordType, @Nullable Long recordId,
			@Nullable Long photoId, String excerpt, @Nullable String reason, @Nullable Long decidedBy,
			@Nullable String decisionNote) {
	}

	record ItemPage(List<Item> items, @Nullable String nextCursor) {
	}

	@Test
	void shouldRefuseARiskyTextAndStoreNothing() {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		long village = village();
		warmUp(cadre, village);
		String note = "走访记录" + FakeWeChat.RISKY_TEXT + UUID.randomUUID();
		expectProblem(as(cadre).post().uri("/api/v1/visits").bodyValue(checkIn(village, "note", note)).exchange(), 422,
				"CONTENT_REJECTED");
		assertThat(Db.count("SELECT count(*) FROM visit WHERE note = ?", note)).isZero();
	}

	@Test
	void shouldHoldAReviewTextFromTheFeedUntilACityAdminReleasesIt() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long home = post(as(admin), "/api/v1/youth-homes",
				Map.of("name", "审核青年之家-" + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201, Identified.class)
			.id();
		TestUser manager = identities().newUser("青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, home);
		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		String title = "读书会" + FakeWeChat.REVIEW_TEXT;
		long activity = post(as(manager), "/api/v1/youth-homes/" + home + "/activities",
				Map.of("title", title, "category", "CULTURE_SPORTS", "startAt", start.toString(), "endAt",
						start.plus(Duration.ofHours(2)).toString(), "participants", 12),
				201, Identified.class)
			.id();
		// stored (its own read answers it) but held from the feed
		assertThat(get(as(manager), "/api/v1/activities/" + activity, 200, Titled.class).title()).isEqualTo(title);
		Item held = awaitQueueItem(as(admin), "activity", activity);
		assertThat(held.kind()).isEqualTo("TEXT_HELD");
		assertThat(held.reason()).isEqualTo("REVIEW");
		assertThat(
				Db.count("SELECT count(*) FROM feed_event WHERE type = 'ACTIVITY_LOGGED' AND record_id = ?", activity))
			.isZero();
		assertThat(feedItem(as(admin), Db.orgId(LINYING_TOWN), "activity", activity)).isEmpty();

		// a non-admin cannot decide; the admin releases with a reason, audited
		expectProblem(as(manager).post()
			.uri("/api/v1/moderation/items/" + held.id() + "/release")
			.bodyValue(Map.of("reason", "内容无问题"))
			.exchange(), 403, "FORBIDDEN_ROLE");
		Item released = as(admin).post()
			.uri("/api/v1/moderation/items/" + held.id() + "/release")
			.bodyValue(Map.of("reason", "内容无问题"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Item.class)
			.returnResult()
			.getResponseBody();
		assertThat(released.status()).isEqualTo("RELEASED");
		assertThat(released.decisionNote()).isEqualTo("内容无问题");
		assertThat(
				Db.count("SELECT count(*) FROM moderation_audit WHERE item_id = ? AND action = 'RELEASED'", held.id()))
			.isEqualTo(1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> feedItem(as(admin), Db.orgId(LINYING_TOWN), "activity", activity).isPresent());
		// decided once
		expectProblem(as(admin).post()
			.uri("/api/v1/moderation/items/" + held.id() + "/remove")
			.bodyValue(Map.of("reason", "再次处理"))
			.exchange(), 409, "MODERATION_ITEM_DECIDED");
	}

	/**
	 * A new Youth Home in 临颍 (named {@code namePrefix} and a random suffix) with a
	 * manager, who logged "青年读书会" there.
	 */
	private LoggedActivity loggedActivity(TestUser admin, String namePrefix) {
		long home = post(as(admin), "/api/v1/youth-homes",
				Map.of("name", namePrefix + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201, Identified.class)
			.id();
		TestUser manager = identities().newUser("青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, home);
		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		long activity = post(as(manager), "/api/v1/youth-homes/" + home + "/activities",
				Map.of("title", "青年读书会", "category", "CULTURE_SPORTS", "startAt", start.toString(), "endAt",
						start.plus(Duration.ofHours(2)).toString(), "participants", 12),
				201, Identified.class)
			.id();
		return new LoggedActivity(home, manager, activity);
	}

	private record LoggedActivity(long home, TestUser manager, long id) {
	}

	/**
	 * A correction and the filing of its held text commit together: when the filing fails
	 * (a trigger refuses this test's queue item), the answer is an error and the activity
	 * keeps its title, its audit and the queue unchanged. Filed after the correction's
	 * transaction, the new title stayed in place unreviewed behind a 500.
	 */
	@Test
	void shouldKeepNoCorrectionWhoseHeldTextCannotBeFiled() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		LoggedActivity logged = loggedActivity(admin, "归档失败青年之家-");
		TestUser manager = logged.manager();
		long activity = logged.id();
		String marker = "FILING-FAILS-" + UUID.randomUUID().toString().substring(0, 8);
		String trigger = "refuse_" + marker.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
		Db.execute("CREATE FUNCTION " + trigger + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
				+ " IF NEW.excerpt LIKE '%" + marker + "%' THEN RAISE EXCEPTION 'refused by the test'; END IF;"
				+ " RETURN NEW; END $$");
		Db.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON moderation_item FOR EACH ROW EXECUTE FUNCTION "
				+ trigger + "()");
		try {
			as(manager).patch()
				.uri("/api/v1/activities/" + activity)
				.bodyValue(Map.of("title", "读书会" + FakeWeChat.REVIEW_TEXT + marker, "reason", "更正标题"))
				.exchange()
				.expectStatus()
				.is5xxServerError();
		}
		finally {
			Db.execute("DROP TRIGGER " + trigger + " ON moderation_item");
			Db.execute("DROP FUNCTION " + trigger + "()");
		}
		assertThat(get(as(manager), "/api/v1/activities/" + activity, 200, Titled.class).title()).isEqualTo("青年读书会");
		assertThat(Db.count("SELECT count(*) FROM record_audit WHERE record_id = ? AND kind = 'ACTIVITY'", activity))
			.isZero();
		assertThat(Db.count("SELECT count(*) FROM moderation_item WHERE excerpt LIKE ?", "%" + marker + "%")).isZero();
	}

	@Test
	void shouldCheckACorrectedTextAsANewOne() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		LoggedActivity logged = loggedActivity(admin, "更正青年之家-");
		TestUser manager = logged.manager();
		long home = logged.home();
		long activity = logged.id();

		// risky: refused, nothing changed
		expectProblem(as(manager).patch()
			.uri("/api/v1/activities/" + activity)
			.bodyValue(Map.of("title", "读书会" + FakeWeChat.RISKY_TEXT, "reason", "更正标题"))
			.exchange(), 422, "CONTENT_REJECTED");
		assertThat(get(as(manager), "/api/v1/activities/" + activity, 200, Titled.class).title()).isEqualTo("青年读书会");
		assertThat(Db.count("SELECT count(*) FROM record_audit WHERE record_id = ? AND kind = 'ACTIVITY'", activity))
			.isZero();

		// review: corrected, and held for a city admin
		String title = "读书会" + FakeWeChat.REVIEW_TEXT;
		as(manager).patch()
			.uri("/api/v1/activities/" + activity)
			.bodyValue(Map.of("title", title, "reason", "更正标题"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(get(as(manager), "/api/v1/activities/" + activity, 200, Titled.class).title()).isEqualTo(title);
		Item held = awaitQueueItem(as(admin), "activity", activity);
		assertThat(held.kind()).isEqualTo("TEXT_HELD");
		assertThat(held.reason()).isEqualTo("REVIEW");

		// the names of the home's youth organizations too
		String name = "青年志愿者协会" + FakeWeChat.RISKY_TEXT + UUID.randomUUID();
		expectProblem(as(manager).post()
			.uri("/api/v1/youth-homes/" + home + "/organizations")
			.bodyValue(Map.of("name", name, "type", "VOLUNTEER_SERVICE", "foundedOn", "2026-01-01"))
			.exchange(), 422, "CONTENT_REJECTED");
		assertThat(Db.count("SELECT count(*) FROM youth_organization WHERE name = ?", name)).isZero();
	}

	@Test
	void shouldFileAHeldYouthHomeNameOnceHoweverOftenItsRegistrationIsSent() {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		String key = "home-" + UUID.randomUUID();
		Map<String, Object> home = Map.of("name", "青年之家" + FakeWeChat.REVIEW_TEXT + UUID.randomUUID(), "townId",
				Db.orgId(LINYING_TOWN));
		long first = register(as(admin), key, home);
		// a retry, as a phone sends it when the first answer was lost: the stored answer
		assertThat(register(as(admin), key, home)).isEqualTo(first);
		assertThat(awaitQueueItem(as(admin), "youth_home", first).reason()).isEqualTo("REVIEW");
		assertThat(Db.count("SELECT count(*) FROM moderation_item WHERE record_type = 'youth_home' AND record_id = ?",
				first))
			.isEqualTo(1);
	}

	private static long register(WebTestClient client, String idempotencyKey, Map<String, Object> home) {
		Identified created = client.post()
			.uri("/api/v1/youth-homes")
			.header("Idempotency-Key", idempotencyKey)
			.bodyValue(home)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
		assertThat(created).isNotNull();
		return created.id();
	}

	@Test
	void shouldCheckTheNamesOfHostUnitsAndLeagueOrganisations() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411121");
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long county = Db.orgId("411121");
		String risky = "舞阳一中" + FakeWeChat.RISKY_TEXT + UUID.randomUUID();
		expectProblem(as(secretary).post()
			.uri("/api/v1/host-units")
			.bodyValue(Map.of("name", risky, "countyId", county, "kind", "MIDDLE_SCHOOL"))
			.exchange(), 422, "CONTENT_REJECTED");
		assertThat(Db.count("SELECT count(*) FROM host_unit WHERE name = ?", risky)).isZero();

		long unit = post(as(secretary), "/api/v1/host-units",
				Map.of("name", "舞阳二中-" + UUID.randomUUID(), "countyId", county, "kind", "MIDDLE_SCHOOL"), 201,
				Identified.class)
			.id();
		// a name under review is stored, held from the feed until a city admin decides
		long org = post(as(secretary), "/api/v1/league-orgs", Map.of("name", "团委" + FakeWeChat.REVIEW_TEXT, "type",
				"COMMITTEE", "hostUnitId", unit, "foundedOn", "2026-09-01"), 201, Identified.class)
			.id();
		Item held = awaitQueueItem(as(admin), "league_org", org);
		assertThat(held.reason()).isEqualTo("REVIEW");
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE type = 'LEAGUE_ORG_FOUNDED' AND record_id = ?", org))
			.isZero();
	}

	@Test
	void shouldKeepTheQueueFromNonAdmins() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		expectProblem(as(secretary).get().uri("/api/v1/moderation/queue").exchange(), 403, "FORBIDDEN_ROLE");
		expectProblem(client().get().uri("/api/v1/moderation/queue").exchange(), 401, "UNAUTHENTICATED");
	}

	@Test
	void shouldShowAPendingPhotoToItsOwnerOnlyAndWithdrawItWhenRisky() throws IOException {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		// a reader of the visit who administers nothing
		TestUser colleague = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long village = village();
		long photo = upload(as(cadre));
		long visit = post(as(cadre), "/api/v1/visits", checkIn(village, "photoIds", List.of(photo)), 201,
				Identified.class)
			.id();

		// pending: the owner and an administrator see it, a colleague in scope does not
		as(cadre).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		as(admin).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		expectProblem(as(colleague).get().uri("/api/v1/media/" + photo).exchange(), 404, "NOT_FOUND");
		ShownFeedItem item = Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> feedItem(as(colleague), village, "visit", visit), Optional::isPresent)
			.orElseThrow();
		assertThat(item.thumbnails()).isEqualTo(List.of());

		// WeChat fetches the photo through its signed link, which nothing else opens
		String trace = ModerationFixtures.traceOf(photo);
		String link = FakeWeChat.get()
			.mediaCheckRequests()
			.stream()
			.filter(body -> body.contains("/api/v1/media/" + photo + "/check-copy"))
			.map(body -> body.replaceAll(".*\"media_url\"\\s*:\\s*\"([^\"]+)\".*", "$1"))
			.findFirst()
			.orElseThrow()
			.replace("http://127.0.0.1:9", "");
		assertThat(FakeWeChat.get()
			.mediaCheckRequests()
			.stream()
			.filter(body -> body.contains("/api/v1/media/" + photo + "/"))
			.findFirst()
			.orElseThrow()).contains("\"media_type\":2").contains("\"version\":2");
		client().get().uri(link.replace("\\u0026", "&")).exchange().expectStatus().isOk();
		expectProblem(
				client().get().uri("/api/v1/media/" + photo + "/check-copy?expires=9999999999&signature=00").exchange(),
				404, "NOT_FOUND");

		// a push without WeChat's signature changes nothing
		expectProblem(client().post()
			.uri("/api/v1/wechat/push?signature=bad&timestamp=1&nonce=2")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ModerationFixtures.body(trace, "pass"))
			.exchange(), 401, "WECHAT_SIGNATURE_INVALID");
		expectProblem(ModerationFixtures.push(client(), "not json"), 400, "WECHAT_PUSH_MALFORMED");
		assertThat(Db.single("SELECT status FROM photo_check WHERE photo_id = ?", String.class, photo))
			.isEqualTo("PENDING");

		assertThat(visitPhotos(as(cadre), visit)).containsExactly(photo);
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE record_id = ? AND photo_ids @> ARRAY[?::bigint]",
				visit, photo))
			.isPositive();

		// risky: withdrawn from the record's readers and the feed item, the admins keep
		// it
		ModerationFixtures.verdict(client(), photo, "risky");
		// the record and the feed's events no longer list it
		assertThat(visitPhotos(as(cadre), visit)).isEmpty();
		assertThat(Db.count("SELECT count(*) FROM feed_event WHERE photo_ids @> ARRAY[?::bigint]", photo)).isZero();
		expectProblem(as(colleague).get().uri("/api/v1/media/" + photo).exchange(), 410, "PHOTO_WITHDRAWN");
		expectProblem(as(cadre).get().uri("/api/v1/media/" + photo + "/thumbnail").exchange(), 410, "PHOTO_WITHDRAWN");
		as(admin).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		assertThat(feedItem(as(colleague), village, "visit", visit).orElseThrow().thumbnails()).isEqualTo(List.of());
		assertThat(queue(as(admin)).stream().filter(i -> Long.valueOf(photo).equals(i.photoId())).map(Item::kind))
			.containsExactly("PHOTO_RISKY");
		// the same push again: nothing more
		ModerationFixtures.verdict(client(), photo, "risky");
		assertThat(Db.count("SELECT count(*) FROM moderation_item WHERE photo_id = ?", photo)).isEqualTo(1);
		// the owner is told once, in the inbox
		assertThat(inbox(as(cadre)).items()).filteredOn(n -> "PHOTO_WITHDRAWN".equals(n.rule()))
			.singleElement()
			.satisfies(n -> assertThat(n.body()).contains(String.valueOf(photo)).contains("撤下"));
		assertThat(inbox(as(colleague)).items()).noneMatch(n -> "PHOTO_WITHDRAWN".equals(n.rule()));
	}

	private static List<Long> visitPhotos(WebTestClient client, long visit) {
		return client.get()
			.uri("/api/v1/visits/{id}", visit)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(VisitPhotos.class)
			.returnResult()
			.getResponseBody()
			.photoIds();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record VisitPhotos(List<Long> photoIds) {
	}

	@Test
	void shouldApplyAVerdictPushedAsXml() throws IOException {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		long photo = upload(as(cadre));
		String xml = ModerationFixtures.xmlBody(ModerationFixtures.traceOf(photo), "pass");
		// a doctype (WeChat sends none) is refused rather than its entities resolved;
		// so is a body that is not XML to the end
		expectProblem(
				ModerationFixtures.push(client(),
						"<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY e SYSTEM \"file:///etc/hostname\">]>"
								+ xml.replace("<![CDATA[o_fake]]>", "&e;"),
						MediaType.TEXT_XML),
				400, "WECHAT_PUSH_MALFORMED");
		expectProblem(ModerationFixtures.push(client(), xml.substring(0, xml.length() / 2), MediaType.TEXT_XML), 400,
				"WECHAT_PUSH_MALFORMED");
		assertThat(photoStatus(photo)).isEqualTo("PENDING");

		ModerationFixtures.push(client(), xml, MediaType.TEXT_XML).expectStatus().isOk();
		assertThat(photoStatus(photo)).isEqualTo("PASS");
	}

	private static String photoStatus(long photo) {
		return Db.single("SELECT status FROM photo_check WHERE photo_id = ?", String.class, photo);
	}

	@Test
	void shouldShowAPhotoOnceWeChatPassesIt() throws IOException {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser colleague = identities().withRole(Role.CITY_LEADER, "4111");
		long village = village();
		long photo = upload(as(cadre));
		long visit = post(as(cadre), "/api/v1/visits", checkIn(village, "photoIds", List.of(photo)), 201,
				Identified.class)
			.id();
		ModerationFixtures.clear(client(), photo);
		as(colleague).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		ShownFeedItem item = Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> feedItem(as(colleague), village, "visit", visit), Optional::isPresent)
			.orElseThrow();
		assertThat(item.thumbnails()).isEqualTo(List.of("/api/v1/media/" + photo + "/thumbnail"));
	}

	@Test
	void shouldResubmitAnUnansweredCheckAndThenReportIt() throws IOException {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long photo = upload(as(cadre));
		String first = ModerationFixtures.traceOf(photo);
		// the answer is overdue: submitted again with a new trace
		Db.count(
				"UPDATE photo_check SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE photo_id = ? RETURNING 1::bigint",
				photo);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> !first
				.equals(Db.single("SELECT trace_id FROM photo_check WHERE photo_id = ?", String.class, photo)));
		assertThat(Db.count("SELECT attempts::bigint FROM photo_check WHERE photo_id = ?", photo)).isEqualTo(2);
		// overdue after the last allowed attempt: reported to the queue, still held
		Db.count("UPDATE photo_check SET next_attempt_at = '2000-01-01T00:00:00Z', attempts = 3"
				+ " WHERE photo_id = ? RETURNING 1::bigint", photo);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> queue(as(admin)).stream()
				.anyMatch(i -> Long.valueOf(photo).equals(i.photoId()) && "CHECK_UNANSWERED".equals(i.kind())));
		assertThat(Db.single("SELECT status FROM photo_check WHERE photo_id = ?", String.class, photo))
			.isEqualTo("UNANSWERED");
	}

	@Test
	void shouldAnswerWeChatsUrlCheckWhenSigned() {
		String timestamp = "1764700001";
		String nonce = "n1";
		String echo = client().get()
			.uri(uri -> uri.path("/api/v1/wechat/push")
				.queryParam("signature", ModerationFixtures.signature(FakeWeChat.PUSH_TOKEN, timestamp, nonce))
				.queryParam("timestamp", timestamp)
				.queryParam("nonce", nonce)
				.queryParam("echostr", "echo-123")
				.build())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(echo).isEqualTo("echo-123");
		expectProblem(client().get().uri("/api/v1/wechat/push?signature=0000&timestamp=1&nonce=2&echostr=x").exchange(),
				401, "WECHAT_SIGNATURE_INVALID");
	}

	/**
	 * The JVM's first WeChat call (token, WireMock's first match) can outlast the 2 s
	 * timeout on a loaded machine, and a text WeChat does not answer is held, not
	 * refused.
	 */
	private void warmUp(TestUser user, long village) {
		post(as(user), "/api/v1/visits", checkIn(village, "note", "预热"), 201, Identified.class);
	}

	private static long village() {
		return Db.single(
				"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1 OFFSET 2",
				Long.class);
	}

	private List<Item> queue(WebTestClient client) {
		return client.get()
			.uri("/api/v1/moderation/queue?limit=200")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ItemPage.class)
			.returnResult()
			.getResponseBody()
			.items();
	}

	private Item awaitQueueItem(WebTestClient client, String recordType, long recordId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> allOpen(client).stream()
				.filter(i -> recordType.equals(i.recordType()) && Long.valueOf(recordId).equals(i.recordId()))
				.findFirst(), Optional::isPresent)
			.orElseThrow();
	}

	private List<Item> allOpen(WebTestClient client) {
		List<Item> all = new java.util.ArrayList<>();
		String cursor = null;
		do {
			String uri = "/api/v1/moderation/queue?limit=200" + ((cursor != null) ? "&cursor=" + cursor : "");
			ItemPage page = client.get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(new ParameterizedTypeReference<ItemPage>() {
				})
				.returnResult()
				.getResponseBody();
			all.addAll(page.items());
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return all;
	}

	private static Optional<ShownFeedItem> feedItem(WebTestClient client, long orgId, String recordType,
			long recordId) {
		return items(client, "/api/v1/feed?limit=100&orgId=" + orgId, ShownFeedItem.class).stream()
			.filter(e -> recordType.equals(e.recordType()) && Long.valueOf(recordId).equals(e.recordId()))
			.findFirst();
	}

	private static long upload(WebTestClient client) throws IOException {
		BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		image.setRGB(3, 3, (int) (Math.random() * 0xFFFFFF));
		ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", jpeg);
		String head = "--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(jpeg.toByteArray());
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		MediaView view = client.post()
			.uri("/api/v1/media")
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.bodyValue(body.toByteArray())
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(MediaView.class)
			.returnResult()
			.getResponseBody();
		return view.id();
	}

	record MediaView(long id) {
	}

	/** A record read for its title. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Titled(String title) {
	}

	private static InboxPage inbox(WebTestClient client) {
		InboxPage page = client.get()
			.uri("/api/v1/me/inbox")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(InboxPage.class)
			.returnResult()
			.getResponseBody();
		assertThat(page).isNotNull();
		return page;
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record InboxPage(List<InboxNote> items, @Nullable String nextCursor) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record InboxNote(long id, String rule, String title, String body) {
	}

}
