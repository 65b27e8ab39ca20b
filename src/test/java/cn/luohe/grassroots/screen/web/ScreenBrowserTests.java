package cn.luohe.grassroots.screen.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.TestUser;
import cn.luohe.grassroots.visit.VisitFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

		Map<String, Object> city = get(leader, "/api/v1/dashboards/city");
		for (String key : List.of("visits", "visitsCompleted", "cadres", "cadresCompleted", "activities",
				"activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved")) {
			assertThat(this.driver.findElement(By.id("kpi-" + key)).getDomAttribute("data-value")).as(key)
				.isEqualTo(String.valueOf(city.get(key)));
		}

		List<Map<String, Object>> counties = items(get(leader, "/api/v1/dashboards/counties"));
		assertThat(counties).hasSize(8);
		for (Map<String, Object> county : counties) {
			WebElement row = this.driver
				.findElement(By.cssSelector("#county-ranking li[data-org-id='" + county.get("orgId") + "']"));
			assertThat(row.getDomAttribute("data-rank")).isEqualTo(String.valueOf(county.get("rank")));
			assertThat(Double.parseDouble(row.getDomAttribute("data-score")))
				.isEqualTo(((Number) county.get("score")).doubleValue());
		}
		String townCounty = this.driver.findElement(By.id("town-ranking")).getDomAttribute("data-county-id");
		List<Map<String, Object>> towns = items(get(leader, "/api/v1/dashboards/towns?countyId=" + townCounty));
		List<WebElement> townRows = this.driver.findElements(By.cssSelector("#town-ranking li"));
		assertThat(townRows).hasSize(Math.min(16, towns.size()));
		Map<String, Object> townRanks = towns.stream()
			.collect(Collectors.toMap(t -> String.valueOf(t.get("orgId")), t -> String.valueOf(t.get("rank"))));
		for (WebElement row : townRows) {
			assertThat(row.getDomAttribute("data-rank")).isEqualTo(townRanks.get(row.getDomAttribute("data-org-id")));
		}

		assertMapColouredByFlags(counties);

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
		Map<String, Object> county = items(get(secretary, "/api/v1/dashboards/counties")).get(0);
		assertThat(county.get("name")).isEqualTo("临颍县");
		for (String key : List.of("visits", "visitsCompleted", "cadres", "cadresCompleted", "activities",
				"activityParticipants", "verifiedParticipants", "themedEvents", "needsOpened", "needsResolved")) {
			assertThat(this.driver.findElement(By.id("kpi-" + key)).getDomAttribute("data-value")).as(key)
				.isEqualTo(String.valueOf(county.get(key)));
		}
		assertThat(this.driver.findElement(By.id("town-ranking")).getDomAttribute("data-county-id"))
			.isEqualTo(String.valueOf(county.get("orgId")));
		List<Map<String, Object>> towns = items(
				get(secretary, "/api/v1/dashboards/towns?countyId=" + county.get("orgId")));
		assertThat(this.driver.findElements(By.cssSelector("#town-ranking li"))).hasSize(Math.min(16, towns.size()));
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
	@SuppressWarnings("unchecked")
	private void flagsThatDiffer(TestUser leader) throws InterruptedException {
		TestUser visitor = identities().withRole(Role.CADRE, "411171");
		identities().withRole(Role.CADRE, "4111F2");
		Map<String, Object> visit = as(visitor).post()
			.uri("/api/v1/visits")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkIn(VisitFixtures.orgId("411171101")))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		as(visitor).post()
			.uri("/api/v1/visits/{id}/check-out", visit.get("id"))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(VisitFixtures.checkOut(List.of()))
			.exchange()
			.expectStatus()
			.isOk();
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			Set<Object> flags = items(get(leader, "/api/v1/dashboards/counties")).stream()
				.map(c -> ((Map<String, Object>) c.get("flags")).get("visitCompliance"))
				.collect(Collectors.toSet());
			if (flags.size() >= 2) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the counties' compliance flags never differed");
	}

	@SuppressWarnings("unchecked")
	private void assertMapColouredByFlags(List<Map<String, Object>> counties) {
		Map<String, String> expected = new HashMap<>();
		Map<Long, String> codes = new HashMap<>();
		for (Map<String, Object> child : items(get(identities().withRole(Role.CITY_LEADER, "4111"),
				"/api/v1/orgs/" + cn.luohe.grassroots.support.Identities.orgId("4111") + "/children?limit=200"))) {
			codes.put(((Number) child.get("id")).longValue(), (String) child.get("code"));
		}
		for (Map<String, Object> county : counties) {
			String flag = (String) ((Map<String, Object>) county.get("flags")).get("visitCompliance");
			expected.put(codes.get(((Number) county.get("orgId")).longValue()), FLAG_COLOURS.get(flag));
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

	@SuppressWarnings("unchecked")
	private Map<String, Object> get(TestUser user, String uri) {
		return as(user).get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("items");
	}

}
