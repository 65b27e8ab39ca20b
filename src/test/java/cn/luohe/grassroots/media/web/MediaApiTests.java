package cn.luohe.grassroots.media.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.ledger.LedgerFixtures.Assignment;
import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.Problems.Problem;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cn.luohe.grassroots.ledger.LedgerFixtures.assignment;
import static cn.luohe.grassroots.visit.VisitFixtures.LINYING;
import static cn.luohe.grassroots.visit.VisitFixtures.WUQUAN;
import static cn.luohe.grassroots.visit.VisitFixtures.WUYANG;
import static cn.luohe.grassroots.support.Problems.expectProblem;
import static cn.luohe.grassroots.visit.VisitFixtures.checkIn;
import static cn.luohe.grassroots.visit.VisitFixtures.orgId;
import static cn.luohe.grassroots.visit.VisitFixtures.post;
import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static cn.luohe.grassroots.visit.VisitFixtures.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.POST;

class MediaApiTests extends ApiTest {

	private static final String BOUNDARY = "grassroots-test-boundary-7d3f";

	private static final MediaType MULTIPART = MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY);

	private static final byte[] JPEG_HEAD = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F',
			'I', 'F', 0, 1 };

	@Test
	void shouldAcceptPhotosByTheirBytesAndServeThemToTheirOwner() {
		TestUser user = identities().newUser("photographer");
		byte[] jpeg = jpeg(2048, 1);
		Media uploaded = uploaded(as(user), jpeg, "IMG_0001.bin", MediaType.APPLICATION_OCTET_STREAM);
		assertThat(uploaded.contentType()).isEqualTo("image/jpeg");
		assertThat(uploaded.size()).isEqualTo(2048);

		byte[] served = as(user).get()
			.uri("/api/v1/media/" + uploaded.id())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("image/jpeg")
			.expectHeader()
			.valueEquals("X-Content-Type-Options", "nosniff")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(jpeg);

		byte[] png = withHead(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }, 300);
		assertThat(uploaded(as(user), png, "a.jpg", MediaType.IMAGE_JPEG).contentType()).isEqualTo("image/png");
		byte[] webp = withHead(new byte[] { 'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P' }, 300);
		assertThat(uploaded(as(user), webp, "b.png", MediaType.IMAGE_PNG).contentType()).isEqualTo("image/webp");
	}

	@Test
	void shouldStoreALargerPhotoThatSpringSpoolsToDisk() {
		TestUser user = identities().newUser("photographer");
		byte[] jpeg = jpeg(3 * 1024 * 1024, 7);
		long id = uploaded(as(user), jpeg, "big.jpg", MediaType.IMAGE_JPEG).id();
		byte[] served = as(user).mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(8 * 1024 * 1024))
			.build()
			.get()
			.uri("/api/v1/media/" + id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(served).isEqualTo(jpeg);
	}

	@Test
	void shouldRefuseATextFileRenamedToJpg() {
		TestUser user = identities().newUser("trickster");
		byte[] text = "这不是一张照片, just text pretending to be one".getBytes(StandardCharsets.UTF_8);
		expectProblem(upload(as(user), text, "photo.jpg", MediaType.IMAGE_JPEG, null), 415, "UNSUPPORTED_MEDIA_TYPE");
		assertThat(queryLong("SELECT count(*) FROM media WHERE owner_id = ?", user.id())).isZero();
	}

	@Test
	void shouldRefuseAPhotoOverTenMebibytes() {
		TestUser user = identities().newUser("heavy");
		byte[] huge = jpeg(10 * 1024 * 1024 + 1, 3);
		expectProblem(upload(as(user), huge, "huge.jpg", MediaType.IMAGE_JPEG, null), 413, "PAYLOAD_TOO_LARGE");
		assertThat(queryLong("SELECT count(*) FROM media WHERE owner_id = ?", user.id())).isZero();
	}

	@Test
	void shouldRefuseAnUploadWithoutAFilePart() {
		TestUser user = identities().newUser("forgetful");
		Problem problem = as(user).post()
			.uri("/api/v1/media")
			.contentType(MULTIPART)
			.bodyValue(multipart("photo", null, MediaType.TEXT_PLAIN, "nothing here".getBytes(StandardCharsets.UTF_8)))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody(Problem.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.code()).isEqualTo("VALIDATION_FAILED");
	}

	@Test
	void shouldRefuseAnUploadOfMoreThanFourPartsAsAProblem() {
		TestUser user = identities().newUser("many parts");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int i = 0; i < 6; i++) {
			String part = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file" + i
					+ "\"\r\nContent-Type: text/plain\r\n\r\npart " + i + "\r\n";
			body.writeBytes(part.getBytes(StandardCharsets.UTF_8));
		}
		body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		Problem problem = as(user).post()
			.uri("/api/v1/media")
			.contentType(MULTIPART)
			.bodyValue(body.toByteArray())
			.exchange()
			.expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType("application/problem+json")
			.expectBody(Problem.class)
			.returnResult()
			.getResponseBody();
		assertThat(problem).isNotNull();
		assertThat(problem.code()).isEqualTo("TOO_MANY_PARTS");
		assertThat(queryLong("SELECT count(*) FROM media WHERE owner_id = ?", user.id())).isZero();
	}

	@Test
	void shouldReplayAnUploadWithTheSameKeyAndRefuseOtherBytesUnderIt() {
		TestUser user = identities().newUser("retrying");
		byte[] jpeg = jpeg(1000, 11);
		// whole answers compared: read as JSON trees, not typed
		JsonNode first = read(upload(as(user), jpeg, "a.jpg", MediaType.IMAGE_JPEG, "upload-1"), JsonNode.class);
		JsonNode again = read(upload(as(user), jpeg, "a.jpg", MediaType.IMAGE_JPEG, "upload-1"), JsonNode.class);
		assertThat(again).isEqualTo(first);
		assertThat(queryLong("SELECT count(*) FROM media WHERE owner_id = ?", user.id())).isEqualTo(1);
		expectProblem(upload(as(user), jpeg(1000, 12), "a.jpg", MediaType.IMAGE_JPEG, "upload-1"), 422,
				"IDEMPOTENCY_KEY_REUSED");
	}

	@Test
	void shouldShowAnAttachedPhotoToWhoeverSeesTheVisitedOrgOnly() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		TestUser otherSecretary = identities().withRole(Role.COUNTY_SECRETARY, LINYING);
		TestUser stranger = identities().newUser("stranger");
		long photo = uploaded(as(cadre), jpeg(500, 5), "visit.jpg", MediaType.IMAGE_JPEG).id();

		// not attached yet: the uploader only
		expectProblem(fetch(as(secretary), photo), 403, "FORBIDDEN_SCOPE");
		expectProblem(fetch(as(stranger), photo), 403, "FORBIDDEN_ROLE");

		Attached visit = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(photo)), 201,
				Attached.class);
		assertThat(visit.photoIds()).isEqualTo(List.of(photo));
		as(secretary).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		expectProblem(fetch(as(otherSecretary), photo), 403, "FORBIDDEN_SCOPE");
		expectProblem(fetch(as(stranger), photo), 403, "FORBIDDEN_ROLE");
		expectProblem(fetch(as(cadre), 999999999), 404, "NOT_FOUND");
	}

	@Test
	void shouldShowAVisitsPhotoOnlyToWhoeverMayReadTheVisit() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser sameCountyCadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		long photo = uploaded(as(cadre), jpeg(500, 21), "visit.jpg", MediaType.IMAGE_JPEG).id();
		long visit = post(as(cadre), "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(photo)), 201,
				Attached.class)
			.id();

		// one rule for the visit and its photo: a cadre of the same county reads neither
		as(sameCountyCadre).get().uri("/api/v1/visits/" + visit).exchange().expectStatus().isForbidden();
		expectProblem(fetch(as(sameCountyCadre), photo), 403, "FORBIDDEN_SCOPE");
		as(secretary).get().uri("/api/v1/visits/" + visit).exchange().expectStatus().isOk();
		as(secretary).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
	}

	/**
	 * A ledger report's photo follows the report's read rule: the city and the staff of
	 * the task's department read both, another department's staff and another county
	 * neither.
	 */
	@Test
	void shouldShowALedgerReportsPhotoToWhoeverMayReadTheReport() {
		TestUser secretary = identities().withRole(Role.COUNTY_SECRETARY, WUYANG);
		Assignment target = assignment(as(secretary), 2020, 17, "舞阳县团委");
		long photo = uploaded(as(secretary), jpeg(500, 33), "ledger.jpg", MediaType.IMAGE_JPEG).id();
		long report = post(as(secretary), "/api/v1/ledger-assignments/" + target.id() + "/reports",
				java.util.Map.of("text", "现场照片", "photoIds", List.of(photo)), 201, Attached.class)
			.id();
		// WeChat's verdict in (a photo still held is shown to its uploader and the
		// administrators of its records only)
		cn.luohe.grassroots.support.Db.execute("UPDATE photo_check SET status = 'PASS' WHERE photo_id = ?", photo);
		String otherDepartment = target.departmentCode().equals("4111-ZZB") ? "4111-QFB" : "4111-ZZB";
		for (TestUser reader : List.of(identities().withRole(Role.CITY_LEADER, "4111"),
				identities().withRole(Role.DEPARTMENT_STAFF, target.departmentCode()))) {
			as(reader).get().uri("/api/v1/ledger-reports/" + report).exchange().expectStatus().isOk();
			as(reader).get().uri("/api/v1/media/" + photo).exchange().expectStatus().isOk();
		}
		for (TestUser stranger : List.of(identities().withRole(Role.DEPARTMENT_STAFF, otherDepartment),
				identities().withRole(Role.COUNTY_SECRETARY, LINYING))) {
			expectProblem(as(stranger).get().uri("/api/v1/ledger-reports/" + report).exchange(), 403,
					"FORBIDDEN_SCOPE");
			expectProblem(fetch(as(stranger), photo), 403, "FORBIDDEN_SCOPE");
		}
	}

	@Test
	void shouldRefuseToAttachAnotherUsersPhoto() {
		TestUser cadre = identities().withRole(Role.CADRE, WUYANG);
		TestUser other = identities().newUser("someone else");
		long theirs = uploaded(as(other), jpeg(500, 9), "x.jpg", MediaType.IMAGE_JPEG).id();
		expectProblem(send(as(cadre), POST, "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(theirs))), 422,
				"PHOTO_NOT_OWNED");
		expectProblem(send(as(cadre), POST, "/api/v1/visits", checkIn(orgId(WUQUAN), "photoIds", List.of(999999999))),
				404, "NOT_FOUND");
		assertThat(queryLong("SELECT count(*) FROM visit WHERE user_id = ?", cadre.id())).isZero();
		assertThat(queryLong("SELECT count(*) FROM media_attachment WHERE media_id = ?", theirs)).isZero();
	}

	private static WebTestClient.ResponseSpec upload(WebTestClient client, byte[] bytes, String filename,
			MediaType declared, @Nullable String key) {
		WebTestClient.RequestBodySpec request = client.post().uri("/api/v1/media");
		if (key != null) {
			request = request.header("Idempotency-Key", key);
		}
		return request.contentType(MULTIPART).bodyValue(multipart("file", filename, declared, bytes)).exchange();
	}

	/** An upload expected to be stored (201). */
	private static Media uploaded(WebTestClient client, byte[] bytes, String filename, MediaType declared) {
		return read(upload(client, bytes, filename, declared, null), Media.class);
	}

	private static <T> T read(WebTestClient.ResponseSpec created, Class<T> type) {
		T body = created.expectStatus().isCreated().expectBody(type).returnResult().getResponseBody();
		assertThat(body).as("a %s", type.getSimpleName()).isNotNull();
		return body;
	}

	private static WebTestClient.ResponseSpec fetch(WebTestClient client, long id) {
		return client.get().uri("/api/v1/media/" + id).exchange();
	}

	/**
	 * A multipart body written by hand: the client's own writer draws its boundary from a
	 * blocking SecureRandom on the event loop, which BlockHound refuses.
	 */
	private static byte[] multipart(String name, String filename, MediaType type, byte[] content) {
		String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
				+ ((filename != null) ? "; filename=\"" + filename + "\"" : "") + "\r\nContent-Type: " + type
				+ "\r\n\r\n";
		String tail = "\r\n--" + BOUNDARY + "--\r\n";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private static byte[] jpeg(int size, int seed) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 31 + seed);
		}
		System.arraycopy(JPEG_HEAD, 0, bytes, 0, JPEG_HEAD.length);
		return bytes;
	}

	private static byte[] withHead(byte[] head, int size) {
		byte[] bytes = Arrays.copyOf(head, size);
		for (int i = head.length; i < size; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

	/** The answer of an upload. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Media(long id, String contentType, long size) {
	}

	/** A check-in's answer, for its photos. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Attached(long id, List<Long> photoIds) {
	}

}
