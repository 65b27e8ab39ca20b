package cn.luohe.grassroots.moderation.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import cn.luohe.grassroots.common.id.Randoms;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Signed, expiring links WeChat downloads a photo through ({@code GET
 * /api/v1/media/{id}/check-copy?expires&signature}, no token): HMAC-SHA256 of the photo
 * id and the expiry under {@code app.moderation.link-secret}.
 */
@Component
class PhotoLinks {

	static final String PATH = "/api/v1/media/%d/check-copy";

	private final byte[] secret;

	private final @Nullable String baseUrl;

	PhotoLinks(ModerationProperties properties) {
		String configured = properties.linkSecret();
		this.secret = (configured != null && !configured.isBlank()) ? configured.getBytes(StandardCharsets.UTF_8)
				: Randoms.bytes(32);
		String base = properties.publicBaseUrl();
		this.baseUrl = (base != null && !base.isBlank()) ? base : null;
	}

	/** The link, or null when no public base URL is configured. */
	@Nullable String link(long photoId, Instant expires) {
		if (this.baseUrl == null) {
			return null;
		}
		long at = expires.getEpochSecond();
		return this.baseUrl + PATH.formatted(photoId) + "?expires=" + at + "&signature=" + sign(photoId, at);
	}

	boolean valid(long photoId, long expires, String signature, Instant now) {
		if (now.getEpochSecond() > expires) {
			return false;
		}
		return MessageDigest.isEqual(sign(photoId, expires).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	private String sign(long photoId, long expires) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.secret, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal((photoId + ":" + expires).getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
