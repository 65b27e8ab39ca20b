package cn.luohe.grassroots.media.web;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ContractValidator;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestS3;
import cn.luohe.grassroots.support.TestUser;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.support.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, media for several replicas: two instances keep their photos in one
 * S3-compatible bucket (a real S3 server, {@link TestS3}); a photo uploaded through one
 * is served, and thumbnailed, by the other; with the store gone, photo requests answer
 * 503 {@code STORAGE_UNAVAILABLE} (never 500) while the rest of the service stays ready,
 * and they answer again once it is back.
 */
class MediaReplicaTests extends ApiTest {

	private static TestS3 s3;

	private static ServiceInstance first;

	private static ServiceInstance second;

	private static Path firstDir;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	static void start() throws IOException {
		s3 = TestS3.start();
		firstDir = Files.createTempDirectory("grassroots-media-a-");
		first = ServiceInstance.start(instance(firstDir));
		second = ServiceInstance.start(instance(Files.createTempDirectory("grassroots-media-b-")));
	}

	private static Map<String, String> instance(Path mediaDir) {
		Map<String, String> properties = new LinkedHashMap<>(s3.properties());
		properties.put("app.media.dir", mediaDir.toString());
		properties.put("app.feed.relay-enabled", "false");
		return properties;
	}

	@AfterAll
	static void stop() throws Exception {
		for (AutoCloseable closeable : new AutoCloseable[] { first, second, s3 }) {
			if (closeable != null) {
				closeable.close();
			}
		}
	}

	@Test
	void shouldServeAPhotoUploadedThroughOneReplicaFromAnother() throws IOException {
		TestUser user = identities().newUser("两地上传");
		byte[] photo = photo(1600, 1200);
		MediaBody uploaded = upload(client(first, user), photo, 201).getResponseBody();
		assertThat(uploaded).isNotNull();
		assertThat(uploaded.contentType()).isEqualTo("image/jpeg");

		byte[] served = client(second, user).get()
			.uri("/api/v1/media/" + uploaded.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("image/jpeg")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(photo);

		// made by the second replica, kept in the bucket, served as is by the first
		byte[] thumbnail = thumbnail(second, user, uploaded.id());
		BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail));
		assertThat(Math.max(small.getWidth(), small.getHeight())).isEqualTo(320);
		assertThat(thumbnail(first, user, uploaded.id())).isEqualTo(thumbnail);
		assertThat(s3.blobs()
			.list(TestS3.BUCKET, ListContainerOptions.Builder.recursive())
			.stream()
			.map(StorageMetadata::getName)).anyMatch(name -> name.endsWith(".thumb320.jpg"));
		// nothing of it on the replicas' own disks (only the emptied staging folder)
		assertThat(firstDir.resolve("objects")).doesNotExist();
		try (var staged = Files.list(firstDir.resolve("staging"))) {
			assertThat(staged).isEmpty();
		}
	}

	@Test
	void shouldAnswer503WhileTheStoreIsDownAndRecoverWhenItIsBack() throws Exception {
		TestUser user = identities().newUser("存储中断");
		byte[] photo = photo(400, 300);
		long id = upload(client(first, user), photo, 201).getResponseBody().id();
		s3.stop();
		long down = System.nanoTime();
		try {
			for (int i = 0; i < 3; i++) {
				expectProblem(client(first, user).get().uri("/api/v1/media/" + id).exchange(), 503,
						"STORAGE_UNAVAILABLE")
					.consumeWith(
							answer -> assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5"));
				expectProblem(client(second, user).get().uri("/api/v1/media/" + id + "/thumbnail").exchange(), 503,
						"STORAGE_UNAVAILABLE");
			}
			expectProblem(uploadExchange(client(second, user), photo(200, 100)), 503, "STORAGE_UNAVAILABLE");
			long answered = System.nanoTime() - down;
			// the rest of the service does not depend on the store
			WebTestClient actuator = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + first.port()).build();
			actuator.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
			actuator.get()
				.uri("/actuator/health")
				.exchange()
				.expectBody()
				.jsonPath("$.components.media.status")
				.isEqualTo("DOWN");
			client(first, user).get().uri("/api/v1/me").exchange().expectStatus().isOk();
			System.out.printf("S3 down: 7 media requests answered 503 in %d ms%n",
					Duration.ofNanos(answered).toMillis());
		}
		finally {
			s3.restart();
		}
		long back = System.nanoTime();
		byte[] served = null;
		while (served == null && System.nanoTime() - back < Duration.ofSeconds(30).toNanos()) {
			EntityExchangeResult<byte[]> answer = client(first, user).get()
				.uri("/api/v1/media/" + id)
				.exchange()
				.expectBody(byte[].class)
				.returnResult();
			if (answer.getStatus().value() == 200) {
				served = answer.getResponseBody();
			}
			else {
				assertThat(answer.getStatus().value()).isEqualTo(503);
				Thread.sleep(100);
			}
		}
		System.out.printf("S3 back: first photo served after %d ms%n",
				Duration.ofNanos(System.nanoTime() - back).toMillis());
		assertThat(served).isEqualTo(photo);
		// the upload refused during the outage goes through now
		upload(client(second, user), photo(200, 100), 201);
	}

	private WebTestClient client(ServiceInstance instance, TestUser user) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + instance.port())
			.responseTimeout(Duration.ofSeconds(30))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.filter(new ContractValidator())
			.defaultHeader("Authorization", user.bearer())
			.build();
	}

	private static EntityExchangeResult<MediaBody> upload(WebTestClient client, byte[] photo, int status) {
		return uploadExchange(client, photo).expectStatus()
			.isEqualTo(status)
			.expectBody(MediaBody.class)
			.returnResult();
	}

	/**
	 * A multipart body written out (Spring's multipart writer looks the file name's type
	 * up in a file on first use: a blocking read on the client's event loop).
	 */
	private static WebTestClient.ResponseSpec uploadExchange(WebTestClient client, byte[] photo) {
		String boundary = "replica-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.jpg\"\r\n"
				+ "Content-Type: image/jpeg\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		body.writeBytes(photo);
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
		return client.post()
			.uri("/api/v1/media")
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + boundary))
			.bodyValue(body.toByteArray())
			.exchange();
	}

	private byte[] thumbnail(ServiceInstance instance, TestUser user, long id) {
		return client(instance, user).get()
			.uri("/api/v1/media/" + id + "/thumbnail")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("image/jpeg")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	/** A decodable JPEG: a gradient, so that the thumbnail has something to scale. */
	private static byte[] photo(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setPaint(new GradientPaint(0, 0, Color.RED, width, height, Color.BLUE));
		g.fillRect(0, 0, width, height);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "jpeg", out);
		return out.toByteArray();
	}

	/** The answer to an upload. */
	record MediaBody(long id, String contentType, long size) {
	}

}
