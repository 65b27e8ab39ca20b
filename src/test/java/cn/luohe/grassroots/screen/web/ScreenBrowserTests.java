package cn.luohe.grassroots.screen.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.screen.web.ScreenTestViews.ChildOrg;
import cn.luohe.grassroots.screen.web.ScreenTestViews.CityCoverage;
import cn.luohe.grassroots.screen.web.ScreenTestViews.CityDashboard;
import cn.luohe.grassroots.screen.web.ScreenTestViews.CountyCoverage;
import cn.luohe.grassroots.screen.web.ScreenTestViews.CountyRow;
import cn.luohe.grassroots.screen.web.ScreenTestViews.Coverage;
import cn.luohe.grassroots.screen.web.ScreenTestViews.Indicator;
import cn.luohe.grassroots.screen.web.ScreenTestViews.Ledger;
import cn.luohe.grassroots.screen.web.ScreenTestViews.LedgerTask;
import cn.luohe.grassroots.screen.web.ScreenTestViews.ScanStarted;
import cn.luohe.grassroots.screen.web.ScreenTestViews.ScanState;
import cn.luohe.grassroots.screen.web.ScreenTestViews.TownRow;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.Responses;
import cn.luohe.grassroots.support.Responses.Identified;
import cn.luohe.grassroots.support.Responses.Page;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestServers;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.VisitFixtures;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The big screen in a real browser (Debian's chromium and chromium-driver; .ci/run
 * installs them): signs in by a simulated scan (the test confirms as the mini-program
 * user), then compares what the page shows with what the dashboard API answers the same
 * user, and watches a check-in posted during the test arrive. The screenshot is kept
 * under target/screen-test/.
 */
class ScreenBrowserTests extends ApiTest {

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path ARTIFACTS = Path.of("target/screen-test");

	/** The page's colours of the flags (screen/app.ts). */
	private static final Map<String, String> FLAG_COLOURS = Map.of("RED", "#e53935", "YELLOW", "#fbc02d", "BLACK",
			"#263238", "NONE", "#78909c");

	/** The eight county-level units of the league in 漯河. */
	private static final Set<String> COUNTY_CODES = Set.of("411102", "411103", "411104", "411121", "411122", "411171",
			"4111F1", "4111F2");

	private ChromeDriver driver;

	private volatile String lastPixels = "";

	private Path profile;

	@BeforeEach
	void openBrowser() throws IOException {
		assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
				"chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)");
		this.profile = Files.createTempDirectory("screen-test-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + this.profile, "--window-size=1920,1080", "--force-device-scale-factor=1",
				"--lang=zh-CN");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		// the window's size includes what the browser draws around the page: make the
		// page
		// itself 1920×1080
		@SuppressWarnings("unchecked")
		List<Long> inner = (List<Long>) this.driver.executeScript("return [window.innerWidth, window.innerHeight];");
		org.openqa.selenium.Dimension outer = this.driver.manage().window().getSize();
		this.driver.manage()
			.window()
			.setSize(new org.openqa.selenium.Dimension(outer.getWidth() + 1920 - inner.get(0).intValue(),
					outer.getHeight() + 1080 - inner.get(1).intValue()));
	}

	@AfterEach
	void closeBrowser() throws IOException {
		if (this.driver != null) {
			this.driver.quit();
		}
		if (this.profile != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(this.profile);
		}
	}

	@Test
	void shouldSignInByScanAndShowTheCityAsTheApiDoes() throws Exception {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		flagsThatDiffer(leader);
		signInByScan(leader);

		// the dashboard: eight counties ranked and the totals filled in
		waitFor(d -> d.findElements(By.cssSelector("#county-ranking li")).size() == 8
				&& !d.findElement(By.id("kpi-visits")).getDomAttribute("data-value").isEmpty()
				&& !d.findElements(By.cssSelector("#town-ranking li")).isEmpty(), "the dashboard");
		assertThat(this.driver.findElement(By.id("signin")).isDisplayed()).isFalse();
		assertThat(this.driver.findElement(By.id("scope")).getText()).contains("漯河市");

		CityDashboard city = get(leader, "/api/v1/dashboards/city", CityDashboard.class);
		for (String key : List.of("visits", "visitsCompleted", "cadres", "cadresCompleted", "activities",
				"activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved")) {
			assertThat(this.driver.findElement(By.id("kpi-" + key)).getDomAttribute("data-value")).as(key)
				.isEqualTo(String.valueOf(city.byKey().get(key)));
		}

		List<CountyRow> counties = counties(leader);
		assertThat(counties).hasSize(8);
		for (CountyRow county : counties) {
			WebElement row = this.driver
				.findElement(By.cssSelector("#county-ranking li[data-org-id='" + county.orgId() + "']"));
			assertThat(row.getDomAttribute("data-rank")).isEqualTo(String.valueOf(county.rank()));
			assertThat(Double.parseDouble(row.getDomAttribute("data-score"))).isEqualTo(county.score());
		}
		String townCounty = this.driver.findElement(By.id("town-ranking")).getDomAttribute("data-county-id");
		List<TownRow> towns = towns(leader, townCounty);
		List<WebElement> townRows = this.driver.findElements(By.cssSelector("#town-ranking li"));
		assertThat(townRows).hasSize(Math.min(16, towns.size()));
		Map<String, String> townRanks = towns.stream()
			.collect(Collectors.toMap(t -> String.valueOf(t.orgId()), t -> String.valueOf(t.rank())));
		for (WebElement row : townRows) {
			assertThat(row.getDomAttribute("data-rank")).isEqualTo(townRanks.get(row.getDomAttribute("data-org-id")));
		}

		assertMapColouredByFlags(counties);
		assertCoverageAsTheApiAnswers(leader, null);
		assertLedgerAsTheApiAnswers(leader);
		// the map's 团建覆盖: each county in its coverage flag's colour
		this.driver.findElement(By.cssSelector("#map-indicators button[data-indicator='coverage']")).click();
		Map<Long, String> coverageFlags = coverage(leader, null).counties()
			.stream()
			.collect(Collectors.toMap(CountyCoverage::orgId, CountyCoverage::flag));
		waitFor(d -> "coverage".equals(d.findElement(By.id("map")).getDomAttribute("data-indicator")),
				"the coverage map");
		assertThat(mapColours()).isEqualTo(expectedColours(coverageFlags));

		// a check-in posted now appears in the live feed within two seconds
		TestUser cadre = identities().withRole(Role.CADRE, "4111");
		String note = "大屏测试走访 " + UUID.randomUUID().toString().substring(0, 8);
		long posted = System.nanoTime();
		as(cadre).post()
			.uri("/api/v1/visits")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkIn(VisitFixtures.orgId(VisitFixtures.WUQUAN), "note", note))
			.exchange()
			.expectStatus()
			.isCreated();
		new WebDriverWait(this.driver, Duration.ofSeconds(2), Duration.ofMillis(50))
			.withMessage("the check-in in the live feed within 2 s")
			.until(d -> d.findElement(By.id("feed")).getText().contains(note));
		Duration delivered = Duration.ofNanos(System.nanoTime() - posted);
		System.out
			.println("Screen: check-in shown in the live feed " + delivered.toMillis() + " ms after it was posted");
		assertThat(this.driver.findElement(By.id("state")).getDomAttribute("data-state")).isEqualTo("online");

		Files.createDirectories(ARTIFACTS);
		Path shot = this.driver.getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, ARTIFACTS.resolve("screen.png"), StandardCopyOption.REPLACE_EXISTING);
		assertThat(Files.size(ARTIFACTS.resolve("screen.png"))).isGreaterThan(10_000);
	}

	@Test
	void shouldShowACountySecretaryTheirCounty() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, "411122");
		signInByScan(secretary);

		waitFor(d -> d.findElements(By.cssSelector("#county-ranking li")).size() == 1
				&& !d.findElement(By.id("kpi-visits")).getDomAttribute("data-value").isEmpty()
				&& !d.findElements(By.cssSelector("#town-ranking li")).isEmpty(), "the county's dashboard");
		assertThat(this.driver.findElement(By.id("scope")).getText()).isEqualTo("临颍县");
		CountyRow county = counties(secretary).get(0);
		assertThat(county.name()).isEqualTo("临颍县");
		for (String key : List.of("visits", "visitsCompleted", "cadres", "cadresCompleted", "activities",
				"activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved")) {
			assertThat(this.driver.findElement(By.id("kpi-" + key)).getDomAttribute("data-value")).as(key)
				.isEqualTo(String.valueOf(county.byKey().get(key)));
		}
		assertThat(this.driver.findElement(By.id("town-ranking")).getDomAttribute("data-county-id"))
			.isEqualTo(String.valueOf(county.orgId()));
		List<TownRow> towns = towns(secretary, String.valueOf(county.orgId()));
		assertThat(this.driver.findElements(By.cssSelector("#town-ranking li"))).hasSize(Math.min(16, towns.size()));

		// coverage and the ledger: the county's own
		assertCoverageAsTheApiAnswers(secretary, county.orgId());
		assertThat(this.driver.findElements(By.cssSelector("#coverage-rows li.coverage-row")))
			.extracting(row -> row.getDomAttribute("data-org-id"))
			.containsExactly(String.valueOf(county.orgId()));
		assertLedgerAsTheApiAnswers(secretary);

		// a city role granted after the scan does not reach the screen (its PC session's
		// roles are those confirmed), not even after a reload
		identities().grant(secretary, Role.CITY_LEADER, "4111", null);
		this.driver.navigate().refresh();
		waitFor(d -> d.findElements(By.cssSelector("#county-ranking li")).size() == 1
				&& !d.findElement(By.id("kpi-visits")).getDomAttribute("data-value").isEmpty(),
				"the county's dashboard after a reload");
		assertThat(this.driver.findElement(By.id("scope")).getText()).isEqualTo("临颍县");

		// the live feed: the county's own check-ins only (another county's posted first)
		waitFor(d -> "实时".equals(d.findElement(By.id("feed-state")).getText()), "the live feed");
		TestUser cadre = identities().withRole(Role.CADRE, "4111");
		String elsewhere = checkIn(cadre, VisitFixtures.WUQUAN, "舞阳走访");
		String own = checkIn(cadre, VisitFixtures.LINYING_TOWN, "临颍走访");
		waitFor(d -> d.findElement(By.id("feed")).getText().contains(own), "the county's check-in in the feed");
		assertThat(this.driver.findElement(By.id("feed")).getText()).doesNotContain(elsewhere);
	}

	@Test
	void shouldSaySoWhenWeChatIsNotConfigured() {
		// an instance with no WeChat mini-program settings
		try (ServiceInstance bare = ServiceInstance.start(Map.of("wechat.appid", "", "wechat.secret", ""))) {
			this.driver.get("http://127.0.0.1:" + bare.port() + "/screen");
			WebElement message = waitFor(d -> {
				WebElement element = d.findElement(By.id("signin-message"));
				return "WECHAT_NOT_CONFIGURED".equals(element.getDomAttribute("data-code")) ? element : null;
			}, "the not-configured message");
			assertThat(message.getText()).contains("尚未配置微信小程序").contains("暂不能扫码登录");
			assertThat(this.driver.findElement(By.id("qr")).isDisplayed()).isFalse();
			assertThat(this.driver.findElement(By.id("dashboard")).isDisplayed()).isFalse();
		}
	}

	/**
	 * The screen of an instance that stops: it shows 离线; a check-in is recorded meanwhile
	 * (by another instance); the instance starts again on the same port, and the screen
	 * comes back online by itself, with that check-in (the feed resumed after the newest
	 * event of its history, a check-in made before it opened) and a new one. The next
	 * test is the same outage with a feed that had no event.
	 */
	@Test
	// two instance starts on a loaded machine
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void shouldShowOfflineWhileTheServiceIsGoneAndResumeWhenItIsBack() throws IOException, InterruptedException {
		TestUser leader = identities().withRole(Role.CITY_LEADER, "4111");
		TestUser cadre = identities().withRole(Role.CADRE, "4111");
		Responses.Tokens tokens = browserTokens(leader);
		int port = freePort();
		// immediate: a stopped service drops its streams, as a crash does
		Map<String, String> settings = Map.of("server.port", String.valueOf(port), "server.shutdown", "immediate");
		ServiceInstance first = ServiceInstance.start(settings);
		ServiceInstance second = null;
		try {
			String before = checkIn(cadre, "开屏前走访");
			openSignedIn(port, tokens.accessToken(), tokens.refreshToken());
			waitFor(d -> isLive(d) && d.findElement(By.id("feed")).getText().contains(before),
					"the live screen with its history");
			assertThat(this.driver.findElement(By.id("offline")).isDisplayed()).isFalse();

			first.close();
			waitFor(d -> "offline".equals(d.findElement(By.id("state")).getDomAttribute("data-state"))
					&& d.findElement(By.id("offline")).isDisplayed(), "the offline state");
			assertThat(this.driver.findElement(By.id("state")).getText()).isEqualTo("离线");
			assertThat(this.driver.findElement(By.id("offline")).getText()).contains("服务连接中断");
			String whileDown = checkIn(cadre, "停机期间走访");

			second = ServiceInstance.start(settings);
			new WebDriverWait(this.driver, Duration.ofSeconds(60), Duration.ofMillis(200))
				.withMessage("the screen back online with the check-in made while it was down")
				.until(d -> "online".equals(d.findElement(By.id("state")).getDomAttribute("data-state"))
						&& d.findElement(By.id("feed")).getText().contains(whileDown));
			assertThat(this.driver.findElement(By.id("offline")).isDisplayed()).isFalse();
			String after = checkIn(cadre, "恢复后走访");
			waitFor(d -> d.findElement(By.id("feed")).getText().contains(after), "a new check-in after the restart");
			keepScreenshot("screen-after-restart");
		}
		finally {
			first.close();
			if (second != null) {
				second.close();
			}
		}
	}

	/**
	 * The same outage on a database of its own, whose feed holds no event when the screen
	 * opens: the screen must resume after 0, or the check-in made while it was offline
	 * (through another instance on that database) never reaches it (it used to reopen the
	 * stream live only).
	 */
	@Test
	// three instance starts on a loaded machine
	@Timeout(value = 6, unit = TimeUnit.MINUTES)
	void shouldResumeAFeedThatHadNoEventWithWhatHappenedWhileOffline() throws IOException {
		TestServers own = TestServers.get().ownDatabase("screen_empty_feed", 9);
		int port = freePort();
		Map<String, String> settings = Map.of("server.port", String.valueOf(port), "server.shutdown", "immediate");
		ServiceInstance first = ServiceInstance.start(own, settings);
		ServiceInstance writer = null;
		ServiceInstance second = null;
		try {
			Identities users = new Identities(client("http://127.0.0.1:" + port), own);
			Responses.Session leader = users.session("screen-empty-leader-" + UUID.randomUUID(), "市领导");
			users.grant(new TestUser(leader.user().id(), "市领导", leader.accessToken()), Role.CITY_LEADER, "4111", null);
			TestUser cadre = users.withRole(Role.CADRE, "4111");
			openSignedIn(port, leader.accessToken(), leader.refreshToken());
			waitFor(ScreenBrowserTests::isLive, "the live screen");
			assertThat(this.driver.findElements(By.cssSelector("#feed li"))).as("a feed with no event").isEmpty();

			first.close();
			waitFor(d -> "offline".equals(d.findElement(By.id("state")).getDomAttribute("data-state")),
					"the offline state");
			writer = ServiceInstance.start(own, Map.of());
			String whileDown = checkIn(client("http://127.0.0.1:" + writer.port()), own, cadre, VisitFixtures.WUQUAN,
					"空屏停机期间走访");
			writer.close();

			second = ServiceInstance.start(own, settings);
			new WebDriverWait(this.driver, Duration.ofSeconds(60), Duration.ofMillis(200))
				.withMessage("the screen back online with the check-in made while it was down")
				.until(d -> "online".equals(d.findElement(By.id("state")).getDomAttribute("data-state"))
						&& d.findElement(By.id("feed")).getText().contains(whileDown));
			keepScreenshot("screen-empty-feed-after-restart");
		}
		finally {
			first.close();
			if (writer != null) {
				writer.close();
			}
			if (second != null) {
				second.close();
			}
		}
	}

	@Test
	void shouldParseAChunkedEventStreamAsTheMiniProgramReceivesIt() {
		this.driver.get("http://127.0.0.1:" + this.port + "/screen");
		// the compiled parser, fed three bytes at a time: CRLF pairs, lines and a Chinese
		// character split across chunks, a comment, a two-line data field, id and retry
		Object result = this.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				import('/screen/js/client/sse.js').then(({ SseParser, Utf8Chunks }) => {
				  const parser = new SseParser();
				  const decoder = new Utf8Chunks();
				  const text = ': keep-alive\\r\\nid: 41\\r\\nevent: visit.checked_in\\r\\n'
				    + 'data: {"summary":"走基层"}\\r\\ndata: 2\\r\\n\\r\\nretry: 5000\\ndata: x\\r\\r';
				  const bytes = new TextEncoder().encode(text);
				  const events = [];
				  for (let i = 0; i < bytes.length; i += 3) {
				    events.push(...parser.push(decoder.decode(bytes.slice(i, i + 3))));
				  }
				  done(JSON.stringify({ events, lastEventId: parser.lastEventId, retry: parser.retry }));
				}).catch(error => done('failed: ' + error));
				""");
		assertThat(result)
			.isEqualTo("{\"events\":[{\"event\":\"visit.checked_in\",\"data\":\"{\\\"summary\\\":\\\"走基层\\\"}\\n2\","
					+ "\"lastEventId\":\"41\"},{\"event\":\"message\",\"data\":\"x\",\"lastEventId\":\"41\"}],"
					+ "\"lastEventId\":\"41\",\"retry\":5000}");
	}

	/** Opens the screen and signs it in as {@code user} by a simulated scan. */
	private void signInByScan(TestUser user) {
		this.driver.get("http://127.0.0.1:" + this.port + "/screen");
		// the phone scans the code the page shows and confirms
		WebElement qr = waitFor(d -> d.findElement(By.id("qr")), "the sign-in code");
		// the page retries every 5 s while WeChat does not answer (the first token fetch
		// of a
		// cold JVM on a loaded machine can take longer than the tests' 2 s WeChat
		// timeout)
		String scene = new WebDriverWait(this.driver, Duration.ofSeconds(60), Duration.ofMillis(100))
			.withMessage("the code's scene")
			.until(d -> {
				String value = qr.getDomAttribute("data-scene");
				return (value != null && !value.isEmpty()) ? value : null;
			});
		assertThat(qr.getDomProperty("src")).startsWith("data:image/png;base64,");
		post(user, "/api/v1/auth/scan-sessions/scan", Map.of("scene", scene));
		waitFor(d -> "SCANNED".equals(d.findElement(By.id("signin-message")).getDomAttribute("data-status")),
				"the page to see the scan");
		post(user, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", scene, "accept", true));
	}

	/**
	 * A cadre of 经济技术开发区 completes a visit in visit week (its compliance RED) while one
	 * of 西城区 does not (BLACK), so the map has colours to tell apart; waits until the
	 * maintained counts show it.
	 */
	private void flagsThatDiffer(TestUser leader) throws InterruptedException {
		TestUser visitor = identities().withRole(Role.CADRE, "411171");
		identities().withRole(Role.CADRE, "4111F2");
		long zone = VisitFixtures.orgId("411171");
		int completedBefore = completedVisits(leader, zone);
		Identified visit = as(visitor).post()
			.uri("/api/v1/visits")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkIn(VisitFixtures.orgId("411171101")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Identified.class)
			.returnResult()
			.getResponseBody();
		as(visitor).post()
			.uri("/api/v1/visits/{id}/check-out", visit.id())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkOut(List.of()))
			.exchange()
			.expectStatus()
			.isOk();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			List<CountyRow> counties = counties(leader);
			Set<String> flags = counties.stream().map(c -> c.flags().visitCompliance()).collect(Collectors.toSet());
			// and this check-out counted in its county: the new cadre's organ row
			// alone already makes the flags differ, and a screen read before the
			// check-out's recount (its town-month rests a second after the
			// check-in's) showed a county's score the API no longer answered
			boolean checkedOut = counties.stream()
				.anyMatch(c -> c.orgId() == zone && c.visitsCompleted() > completedBefore);
			if (flags.size() >= 2 && checkedOut) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the counties' compliance flags never differed with the visit counted");
	}

	private int completedVisits(TestUser leader, long county) {
		return counties(leader).stream()
			.filter(c -> c.orgId() == county)
			.mapToInt(CountyRow::visitsCompleted)
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	private void assertMapColouredByFlags(List<CountyRow> counties) {
		Map<String, String> expected = new HashMap<>();
		Map<Long, String> codes = new HashMap<>();
		for (ChildOrg child : cityChildren()) {
			codes.put(child.id(), child.code());
		}
		for (CountyRow county : counties) {
			String flag = county.flags().visitCompliance();
			expected.put(codes.get(county.orgId()), FLAG_COLOURS.get(flag));
		}
		assertThat(expected.keySet()).isEqualTo(COUNTY_CODES);
		JavascriptExecutor js = this.driver;

		// the chart's data: every unit of the map, coloured by its flag
		List<List<Object>> data = (List<List<Object>>) js.executeScript("""
				const chart = echarts.getInstanceByDom(document.getElementById('map'));
				return chart.getOption().series[0].data.map(d => [d.name, d.itemStyle.areaColor]);
				""");
		assertThat(data).hasSize(8);
		assertThat(data.stream().map(item -> item.get(1)).distinct().count()).isGreaterThanOrEqualTo(2);
		for (List<Object> item : data) {
			assertThat(item.get(1)).as("colour of %s", item.get(0)).isEqualTo(expected.get((String) item.get(0)));
		}
		List<Object> features = (List<Object>) js
			.executeScript("return echarts.getMap('luohe').geoJSON.features.map(f => f.properties.code);");
		assertThat(features).containsExactlyInAnyOrderElementsOf(COUNTY_CODES);

		// and on the canvas: pixels inside each unit, off its label, have its colour
		waitFor(d -> {
			List<List<Object>> pixels = (List<List<Object>>) js.executeScript("""
					const element = document.getElementById('map');
					const chart = echarts.getInstanceByDom(element);
					const canvas = element.querySelector('canvas');
					const context = canvas.getContext('2d');
					const scale = canvas.width / canvas.clientWidth;
					// a marked block's label sits beside it; an outline's label sits on its cp
					const block = [[0, 0], [0.01, 0.008], [-0.01, -0.008], [0.01, -0.008]];
					const outline = [[0, 0.025], [0, -0.025], [0.02, 0.022], [-0.02, -0.022]];
					return echarts.getMap('luohe').geoJSON.features.map(f => {
					  const [x, y] = f.properties.cp;
					  const offsets = f.properties.derived ? block : outline;
					  return [f.properties.code, offsets.map(([dx, dy]) => {
					    const p = chart.convertToPixel({ seriesIndex: 0 }, [x + dx, y + dy]);
					    const rgb = context.getImageData(Math.round(p[0] * scale), Math.round(p[1] * scale), 1, 1).data;
					    return '#' + [rgb[0], rgb[1], rgb[2]].map(v => v.toString(16).padStart(2, '0')).join('');
					  })];
					});
					""");
			this.lastPixels = pixels + " expected " + expected;
			for (List<Object> unit : pixels) {
				String colour = expected.get((String) unit.get(0));
				long matching = ((List<Object>) unit.get(1)).stream().filter(p -> close((String) p, colour)).count();
				if (matching < 3) {
					return null;
				}
			}
			return true;
		}, "every county unit painted in its flag's colour", () -> "last seen: " + this.lastPixels);
	}

	private static boolean close(String actual, String expected) {
		for (int i = 1; i < 7; i += 2) {
			int a = Integer.parseInt(actual.substring(i, i + 2), 16);
			int e = Integer.parseInt(expected.substring(i, i + 2), 16);
			if (Math.abs(a - e) > 10) {
				return false;
			}
		}
		return true;
	}

	private <T> T waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition, String what) {
		return waitFor(condition, what, () -> "");
	}

	private <T> T waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, T> condition, String what,
			java.util.function.Supplier<String> detail) {
		try {
			return new WebDriverWait(this.driver, Duration.ofSeconds(15), Duration.ofMillis(100))
				.withMessage(() -> what + " " + detail.get())
				.ignoring(org.openqa.selenium.NoSuchElementException.class)
				.until(condition);
		}
		catch (RuntimeException ex) {
			keepScreenshot("failed");
			throw ex;
		}
	}

	private void keepScreenshot(String name) {
		try {
			Files.createDirectories(ARTIFACTS);
			Files.copy(((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath(),
					ARTIFACTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			Files.writeString(ARTIFACTS.resolve(name + ".html"), this.driver.getPageSource());
		}
		catch (IOException | RuntimeException ex) {
			// the original failure matters more
		}
	}

	private void post(TestUser user, String uri, Object body) {
		as(user).post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	private <T> T get(TestUser user, String uri, Class<T> type) {
		T body = as(user).get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(type)
			.returnResult()
			.getResponseBody();
		assertThat(body).as("a %s from %s", type.getSimpleName(), uri).isNotNull();
		return body;
	}

	private <T> List<T> items(TestUser user, String uri, Class<T> item) {
		Page<T> page = as(user).get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(item))
			.returnResult()
			.getResponseBody();
		assertThat(page).as("a page from %s", uri).isNotNull();
		return page.items();
	}

	private List<CountyRow> counties(TestUser user) {
		return items(user, "/api/v1/dashboards/counties", CountyRow.class);
	}

	private List<TownRow> towns(TestUser user, String countyId) {
		return items(user, "/api/v1/dashboards/towns?countyId=" + countyId, TownRow.class);
	}

	/** The city's counties, for their codes on the map. */
	private List<ChildOrg> cityChildren() {
		return items(identities().withRole(Role.CITY_LEADER, "4111"),
				"/api/v1/orgs/" + cn.luohe.grassroots.support.Identities.orgId("4111") + "/children?limit=200",
				ChildOrg.class);
	}

	/**
	 * The coverage panel shows what the coverage API answers {@code user} for the year (a
	 * county: narrowed to it): each unit's flag, new organisations against target and how
	 * many of its indicators hold each flag.
	 */
	private void assertCoverageAsTheApiAnswers(TestUser user, @Nullable Long countyId) {
		waitFor(d -> "shown".equals(d.findElement(By.id("coverage")).getDomAttribute("data-state")),
				"the coverage panel");
		Coverage coverage = coverage(user, countyId);
		assertThat(coverage.counties()).isNotEmpty();
		// one read of the panel: it may be redrawn by a refresh meanwhile
		Map<String, Map<String, String>> rows = snapshot("#coverage-rows li.coverage-row").stream()
			.collect(Collectors.toMap(row -> row.get("orgId"), row -> row));
		assertThat(rows).hasSize(coverage.counties().size() + ((coverage.city() != null) ? 1 : 0));
		for (CountyCoverage county : coverage.counties()) {
			assertCoverageRow(rows.get(String.valueOf(county.orgId())), county.flag(), county.newSocialOrgs(),
					county.newSocialOrgsTarget(), county.indicators());
		}
		CityCoverage city = coverage.city();
		if (city != null) {
			assertCoverageRow(rows.get("city"), city.flag(), city.newSocialOrgs(), city.newSocialOrgsTarget(),
					city.indicators());
		}
		else {
			// a county's indicators behind target are listed under it
			List<String> behind = coverage.counties()
				.get(0)
				.indicators()
				.stream()
				.filter(i -> i.flag().equals("BLACK") || i.flag().equals("YELLOW"))
				.map(Indicator::key)
				.toList();
			assertThat(snapshot("#coverage-rows li.indicator")).extracting(row -> row.get("key"))
				.hasSize(Math.min(6, behind.size()))
				.isSubsetOf(behind);
		}
	}

	private static void assertCoverageRow(@Nullable Map<String, String> row, String flag, long newSocialOrgs,
			long target, List<Indicator> indicators) {
		assertThat(row).isNotNull();
		assertThat(row).containsEntry("flag", flag)
			.containsEntry("newSocialOrgs", String.valueOf(newSocialOrgs))
			.containsEntry("newSocialOrgsTarget", String.valueOf(target));
		for (String each : List.of("RED", "YELLOW", "BLACK", "NONE")) {
			assertThat(row.get(each.toLowerCase())).as("%s indicators of %s", each, row)
				.isEqualTo(String.valueOf(indicators.stream().filter(i -> i.flag().equals(each)).count()));
		}
		assertThat(row.get("text")).contains(newSocialOrgs + "/" + target);
	}

	/**
	 * The ledger panel shows the current ledger as the API answers {@code user}: how many
	 * tasks (of those assigned to what they see) hold each flag, and the laggards first.
	 */
	private void assertLedgerAsTheApiAnswers(TestUser user) {
		waitFor(d -> "shown".equals(d.findElement(By.id("ledger")).getDomAttribute("data-state")), "the ledger panel");
		int year = as(user).get()
			.uri("/api/v1/ledgers")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Ledger.class))
			.returnResult()
			.getResponseBody()
			.items()
			.stream()
			.filter(Ledger::current)
			.findFirst()
			.orElseThrow()
			.year();
		List<LedgerTask> tasks = as(user).get()
			.uri("/api/v1/ledgers/{year}/tasks?limit=200", year)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(LedgerTask.class))
			.returnResult()
			.getResponseBody()
			.items();
		assertThat(tasks).isNotEmpty();
		List<Long> laggards = as(user).get()
			.uri("/api/v1/ledgers/{year}/laggards", year)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Responses.page(Responses.Identified.class))
			.returnResult()
			.getResponseBody()
			.items()
			.stream()
			.map(Responses.Identified::id)
			.limit(4)
			.toList();

		assertThat(this.driver.findElement(By.id("ledger")).getDomAttribute("data-year"))
			.isEqualTo(String.valueOf(year));
		Map<String, String> counts = snapshot("#ledger-flags span[data-flag]").stream()
			.collect(Collectors.toMap(chip -> chip.get("flag"), chip -> chip.get("count")));
		for (String flag : List.of("RED", "YELLOW", "BLACK", "NONE")) {
			long count = tasks.stream().filter(t -> t.assignments() > 0 && t.flag().equals(flag)).count();
			assertThat(counts.get(flag)).as("%s tasks", flag).isEqualTo(String.valueOf(count));
		}
		assertThat(snapshot("#ledger-laggards li[data-assignment-id]"))
			.extracting(item -> Long.valueOf(item.get("assignmentId")))
			.containsExactlyElementsOf(laggards);
	}

	/**
	 * The data attributes and text of the elements {@code selector} finds, in one read.
	 */
	@SuppressWarnings("unchecked")
	private List<Map<String, String>> snapshot(String selector) {
		return (List<Map<String, String>>) this.driver.executeScript("""
				return Array.from(document.querySelectorAll(arguments[0]))
				  .map(e => Object.assign({ text: e.textContent }, e.dataset));
				""", selector);
	}

	private Coverage coverage(TestUser user, @Nullable Long countyId) {
		return as(user).get()
			.uri("/api/v1/org-building/coverage?year=2026" + ((countyId != null) ? "&countyId=" + countyId : ""))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Coverage.class)
			.returnResult()
			.getResponseBody();
	}

	/** The map's colour of each unit, by code, as the chart holds it. */
	@SuppressWarnings("unchecked")
	private Map<String, String> mapColours() {
		List<List<Object>> data = (List<List<Object>>) this.driver.executeScript("""
				const chart = echarts.getInstanceByDom(document.getElementById('map'));
				return chart.getOption().series[0].data.map(d => [d.name, d.itemStyle.areaColor]);
				""");
		return data.stream().collect(Collectors.toMap(item -> (String) item.get(0), item -> (String) item.get(1)));
	}

	/** The colour each unit should have, by code, for the flags by org id. */
	private Map<String, String> expectedColours(Map<Long, String> flags) {
		Map<String, String> colours = new HashMap<>();
		for (ChildOrg child : cityChildren()) {
			String flag = flags.get(child.id());
			if (flag != null) {
				colours.put(child.code(), FLAG_COLOURS.get(flag));
			}
		}
		assertThat(colours.keySet()).isEqualTo(COUNTY_CODES);
		return colours;
	}

	/** Records a check-in with a note of its own; returns the note. */
	private String checkIn(TestUser cadre, String label) {
		return checkIn(cadre, VisitFixtures.WUQUAN, label);
	}

	/**
	 * Opens the screen of the instance on {@code port} signed in with these tokens, as
	 * the page keeps them after a scan.
	 */
	private void openSignedIn(int port, String accessToken, String refreshToken) {
		this.driver.get("http://127.0.0.1:" + port + "/screen");
		this.driver.executeScript("localStorage.setItem('grassroots.screen.tokens', arguments[0]);",
				"{\"accessToken\":\"" + accessToken + "\",\"refreshToken\":\"" + refreshToken + "\"}");
		this.driver.navigate().refresh();
	}

	/** The screen shows the eight counties, its stream is live and it says online. */
	private static boolean isLive(org.openqa.selenium.WebDriver d) {
		return d.findElements(By.cssSelector("#county-ranking li")).size() == 8
				&& "实时".equals(d.findElement(By.id("feed-state")).getText())
				&& "online".equals(d.findElement(By.id("state")).getDomAttribute("data-state"));
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	private static WebTestClient client(String baseUrl) {
		return WebTestClient.bindToServer().baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30)).build();
	}

	/** Records a check-in at the org with {@code orgCode}; returns its note. */
	private String checkIn(TestUser cadre, String orgCode, String label) {
		return checkIn(client(), TestServers.get(), cadre, orgCode, label);
	}

	/**
	 * Records a check-in at the org with {@code orgCode} through the instance behind
	 * {@code client}, on {@code servers}' database; returns its note.
	 */
	private static String checkIn(WebTestClient client, TestServers servers, TestUser cadre, String orgCode,
			String label) {
		String note = label + " " + UUID.randomUUID().toString().substring(0, 8);
		client.post()
			.uri("/api/v1/visits")
			.header("Authorization", cadre.bearer())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkIn(Identities.orgId(servers, orgCode), "note", note))
			.exchange()
			.expectStatus()
			.isCreated();
		return note;
	}

	/**
	 * The tokens a browser receives when {@code user} confirms its scan (on the shared
	 * instance, whose WeChat is the fake): what the page keeps in its local storage.
	 */
	private Responses.Tokens browserTokens(TestUser user) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		ScanStarted started;
		do {
			// the first WeChat call of a cold JVM may time out: tried again, as the page
			// does
			started = client().post()
				.uri("/api/v1/auth/scan-sessions")
				.exchange()
				.expectBody(ScanStarted.class)
				.returnResult()
				.getResponseBody();
			if (started != null && "WECHAT_TIMEOUT".equals(started.code())) {
				Thread.sleep(1000);
			}
		}
		while (started != null && "WECHAT_TIMEOUT".equals(started.code()) && System.nanoTime() < deadline);
		assertThat(started).as("a scan session").isNotNull();
		post(user, "/api/v1/auth/scan-sessions/confirm", Map.of("scene", started.scene(), "accept", true));
		ScanState state = client().get()
			.uri("/api/v1/auth/scan-sessions/{id}", started.id())
			.header("X-Scan-Secret", started.secret())
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(ScanState.class)
			.returnResult()
			.getResponseBody();
		assertThat(state).isNotNull();
		assertThat(state.status()).isEqualTo("CONFIRMED");
		assertThat(state.tokens()).isNotNull();
		return state.tokens();
	}

}
