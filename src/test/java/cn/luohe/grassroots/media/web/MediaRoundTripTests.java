package cn.luohe.grassroots.media.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import cn.luohe.grassroots.support.Identities;
import cn.luohe.grassroots.support.RoundTripTest;
import cn.luohe.grassroots.support.TestUser;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static cn.luohe.grassroots.visit.VisitFixtures.queryLong;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A photo's upload holds three statements in its transaction (issue 19): its idempotency
 * key, the photo with its registration for WeChat's check in one {@code WITH} statement,
 * and the stored answer. Counted on an instance whose connections record their
 * statements; adding a statement fails this test.
 */
class MediaRoundTripTests extends RoundTripTest {

	private static final String BOUNDARY = "grassroots-round-trip-boundary";

	@Test
	void shouldStoreAPhotoWithThreeStatementsInItsTransaction() {
		TestUser user = new Identities(client).newUser("往返测试摄影者");
		byte[] jpeg = jpeg(4096);
		statements.clear();

		Uploaded first = upload(user, "round-trips-photo", jpeg);

		expectKeyStatementAnswer("INSERT INTO media ", "INSERT INTO media ", "INSERT INTO photo_check");
		assertThat(queryLong("SELECT count(*) FROM photo_check WHERE photo_id = ? AND owner_id = ?", first.id(),
				user.id()))
			.isEqualTo(1);

		// a replay writes nothing and answers the first response
		statements.clear();
		assertThat(upload(user, "round-trips-photo", jpeg)).isEqualTo(first);
		assertThat(statements.transactionsWith("INSERT INTO media ")).isEmpty();
		assertThat(queryLong("SELECT count(*) FROM media WHERE owner_id = ?", user.id())).isEqualTo(1);
	}

	private static Uploaded upload(TestUser user, String key, byte[] bytes) {
		return client.post()
			.uri("/api/v1/media")
			.header("Authorization", user.bearer())
			.header("Idempotency-Key", key)
			.contentType(MediaType.parseMediaType("multipart/form-data; boundary=" + BOUNDARY))
			.bodyValue(multipart(bytes))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(Uploaded.class)
			.returnResult()
			.getResponseBody();
	}

	/** Written by hand: the client's own writer draws its boundary from SecureRandom. */
	private static byte[] multipart(byte[] content) {
		String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\""
				+ "\r\nContent-Type: image/jpeg\r\n\r\n";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(content);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	private static byte[] jpeg(int size) {
		byte[] bytes = new byte[size];
		for (int i = 0; i < size; i++) {
			bytes[i] = (byte) (i * 17 + 3);
		}
		byte[] head = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1 };
		System.arraycopy(head, 0, bytes, 0, head.length);
		return bytes;
	}

	/** The part of an upload's answer this test reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Uploaded(long id, String contentType, long size) {
	}

}
