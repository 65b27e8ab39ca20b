package cn.luohe.grassroots.feed.web;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.imageio.ImageIO;

import cn.luohe.grassroots.feed.web.FeedTestViews.OpenedActivity;
import cn.luohe.grassroots.feed.web.FeedTestViews.OpenedNeed;
import cn.luohe.grassroots.feed.web.FeedTestViews.OpenedReport;
import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerFixtures;
import cn.luohe.grassroots.moderation.ModerationFixtures;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Db;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.ShownFeedItem;
import cn.luohe.grassroots.support.TestUser;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.checkOut;
import static cn.luohe.grassroots.visit.VisitFixtures.get;
import static cn.luohe.grassroots.visit.VisitFixtures.items;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open what the feed shows: each item names its record (type and id) and its cleared
 * photos' thumbnails; the record opens within the caller's scope (200) and not outside it
 * (403), and so does the thumbnail, made once at 320 px.
 */
class FeedOpenApiTests extends ApiTest {

	/** 临颍县 and one of its towns; 舞阳县 is the sibling that sees nothing of them. */
	private static final String LINYING = "411122";

	private static final String LINYING_TOWN = "411122001";

	private static final String WUYANG = "411121";

	private static final String BOUNDARY = "feed-open-boundary-91c2";

	@Test
	void shouldOpenAVisitAndItsNeedAndShowThePhotosThumbnailOnlyWithinScope() throws IOException {
		TestUser cadre = identities().withRole(Role.CADRE, LINYING);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser sibling = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long village = Db.single(
				"SELECT id FROM org_unit WHERE level = 'VILLAGE' AND path LIKE '/4111/411122/411122001/%' ORDER BY code LIMIT 1 OFFSET 1",
				Long.class);
		long photo = upload(as(cadre), photo(1200, 900));
		long visit = post(as(cadre), "/api/v1/visits", checkIn(village, "note", "入户走访", "photoIds", List.of(photo)),
				201, Identified.class)
			.id();
		// content security: WeChat clears the photo, and only then does the feed show it
		ModerationFixtures.clear(client(), photo);

		ShownFeedItem item = awaitItem(as(secretary), village, "visit", visit);
		assertThat(item.type()).isEqualTo("visit.checked_in");
		assertThat(item.thumbnails()).isEqualTo(List.of("/api/v1/media/" + photo + "/thumbnail"));
		assertThat(get(as(secretary), "/api/v1/visits/" + visit, 200, Identified.class).id()).isEqualTo(visit);
		expectProblem(as(sibling).get().uri("/api/v1/visits/" + visit).exchange(), 403, "FORBIDDEN_SCOPE");

		// the thumbnail: a JPEG of at most 320 px, the same bytes each time (made once)
		byte[] thumbnail = thumbnail(as(secretary), item.thumbnails().get(0));
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail));
		assertThat(image.getWidth()).isEqualTo(320);
		assertThat(image.getHeight()).isEqualTo(240);
		assertThat(thumbnail(as(cadre), "/api/v1/media/" + photo + "/thumbnail")).isEqualTo(thumbnail);
		assertThat(Db.single("SELECT storage_key FROM media WHERE id = ?", String.class, photo)).isNotBlank();
		expectProblem(as(sibling).get().uri("/api/v1/media/" + photo + "/thumbnail").exchange(), 403,
				"FORBIDDEN_SCOPE");

		post(as(cadre), "/api/v1/visits/" + visit + "/check-out", checkOut(List.of("村里缺少篮球场")), 200, Identified.class);
		long need = Db.count("SELECT id FROM need WHERE visit_id = ?", visit);
		post(as(secretary), "/api/v1/needs/" + need + "/resolve", Map.of("response", "已列入明年计划"), 200, Identified.class);
		awaitItem(as(secretary), village, "need", need);
		assertThat(get(as(secretary), "/api/v1/needs/" + need, 200, OpenedNeed.class).response()).isEqualTo("已列入明年计划");
		assertThat(get(as(cadre), "/api/v1/needs/" + need, 200, OpenedNeed.class).id()).isEqualTo(need);
		expectProblem(as(sibling).get().uri("/api/v1/needs/" + need).exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(secretary).get().uri("/api/v1/needs/" + Long.MAX_VALUE).exchange(), 404, "NOT_FOUND");
	}

	@Test
	void shouldOpenAnActivityByItsOwnIdWithinScopeOnly() throws IOException {
		TestUser admin = identities().withRole(Role.CITY_ADMIN, "4111");
		long home = post(as(admin), "/api/v1/youth-homes",
				Map.of("name", "动态青年之家-" + UUID.randomUUID(), "townId", Db.orgId(LINYING_TOWN)), 201, Identified.class)
			.id();
		TestUser manager = identities().newUser("青年之家管理员");
		identities().grant(manager, Role.YOUTH_HOME_MANAGER, LINYING_TOWN, home);
		long photo = upload(as(manager), photo(200, 100));
		Instant start = Instant.parse("2026-12-02T02:00:00Z");
		long activity = post(as(manager), "/api/v1/youth-homes/" + home + "/activities",
				Map.of("title", "青年读书会", "category", "CULTURE_SPORTS", "startAt", start.toString(), "endAt",
						start.plus(Duration.ofHours(2)).toString(), "participants", 25, "photoIds", List.of(photo)),
				201, Identified.class)
			.id();
		ModerationFixtures.clear(client(), photo);

		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		ShownFeedItem item = awaitItem(as(secretary), Db.orgId(LINYING_TOWN), "activity", activity);
		assertThat(item.type()).isEqualTo("activity.logged");
		assertThat(item.summary()).isEqualTo("青年读书会");
		assertThat(item.thumbnails()).isEqualTo(List.of("/api/v1/media/" + photo + "/thumbnail"));
		OpenedActivity opened = get(as(secretary), "/api/v1/activities/" + activity, 200, OpenedActivity.class);
		assertThat(opened.id()).isEqualTo(activity);
		assertThat(opened.youthHomeId()).isEqualTo(home);
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG)).get()
			.uri("/api/v1/activities/" + activity)
			.exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(identities().newUser("无角色")).get().uri("/api/v1/activities/" + activity).exchange(), 403,
				"FORBIDDEN_ROLE");
		// a photo smaller than 320 px is not enlarged
		BufferedImage small = ImageIO
			.read(new ByteArrayInputStream(thumbnail(as(secretary), "/api/v1/media/" + photo + "/thumbnail")));
		assertThat(small.getWidth()).isEqualTo(200);
		assertThat(small.getHeight()).isEqualTo(100);
	}

	@Test
	void shouldOpenALedgerReportWithinScopeOnly() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		long assignment = LedgerFixtures.assignment(as(secretary), 2020, 3, "临颍县团委").id();
		long report = post(as(secretary), "/api/v1/ledger-assignments/" + assignment + "/reports",
				Map.of("text", "开展乡镇团组织调研"), 201, Identified.class)
			.id();

		awaitItem(as(secretary), Db.orgId(LINYING), "ledger_report", report);
		OpenedReport opened = get(as(secretary), "/api/v1/ledger-reports/" + report, 200, OpenedReport.class);
		assertThat(opened.id()).isEqualTo(report);
		assertThat(opened.text()).isEqualTo("开展乡镇团组织调研");
		expectProblem(as(identities().withRole(Role.COUNTY_SECRETARY, WUYANG)).get()
			.uri("/api/v1/ledger-reports/" + report)
			.exchange(), 403, "FORBIDDEN_SCOPE");
		expectProblem(as(secretary).get().uri("/api/v1/ledger-supervisions/" + Long.MAX_VALUE).exchange(), 404,
				"NOT_FOUND");
	}

	/** The item about the record, once the relay has published it. */
	private static ShownFeedItem awaitItem(WebTestClient client, long orgId, String recordType, long recordId) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> items(client, "/api/v1/feed?limit=100&orgId=" + orgId, ShownFeedItem.class).stream()
				.filter(e -> recordType.equals(e.recordType()) && Long.valueOf(recordId).equals(e.recordId()))
				.findFirst(), found -> found.isPresent())
			.orElseThrow();
	}

	private static byte[] thumbnail(WebTestClient client, String uri) {
		return client.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("image/jpeg")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	private static byte[] photo(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(200, 40, 40));
		g.fillRect(0, 0, width, height);
		g.setColor(Color.WHITE);
		g.fillOval(width / 4, height / 4, width / 2, height / 2);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try {
			ImageIO.write(image, "jpeg", out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toByteArray();
	}

	private static long upload(WebTestClient client, byte[] jpeg) {
		String head = "--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(jpeg);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return postMultipart(client, "/api/v1/media", body.toByteArray(), 201, BOUNDARY).id();
	}

	private static Identified postMultipart(WebTestClient client, String uri, byte[] body, int status,
			String boundary) {
		return client.post()
			.uri(uri)
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
	}

}
