package cn.luohe.grassroots.youthhome.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * The rotating sign-in codes of an activity's QR code:
 * {@code <activityId>.<window>.<mac>} where window = floor(epochSeconds / 30) and mac =
 * base64url(HMAC-SHA256(activity key, activityId ‖ window)) truncated to 128 bits. A code
 * is accepted in its own window and the next one, so a scan made just before the rotation
 * still counts; only the server holds the keys, so nobody can mint a code.
 */
public final class SignInCodes {

	public static final int ROTATION_SECONDS = 30;

	private static final int MAC_BYTES = 16;

	private static final String ALGORITHM = "HmacSHA256";

	static {
		// loads the JCA provider classes now, at start-up, not on a request's event loop
		mac(new byte[32], 0, 0);
	}

	private final Clock clock;

	public SignInCodes(Clock clock) {
		this.clock = clock;
	}

	/** The code to show now. */
	public Code current(byte[] key, long activityId) {
		long window = window(this.clock.instant());
		return new Code(format(key, activityId, window), Instant.ofEpochSecond((window + 1) * ROTATION_SECONDS));
	}

	/** Judges a scanned code against the key of the activity it names. */
	public Verdict verify(byte[] key, Parsed code) {
		byte[] expected = mac(key, code.activityId(), code.window());
		if (!MessageDigest.isEqual(expected, code.mac())) {
			return Verdict.INVALID;
		}
		long now = window(this.clock.instant());
		if (code.window() > now) {
			// a valid MAC for a window not yet reached: never minted by this clock
			return Verdict.INVALID;
		}
		return (code.window() >= now - 1) ? Verdict.VALID : Verdict.EXPIRED;
	}

	/** The parts of a code, or null when it cannot be one of ours. */
	public static @Nullable Parsed parse(String code) {
		String[] parts = code.split("\\.", -1);
		if (parts.length != 3) {
			return null;
		}
		try {
			long activityId = Long.parseLong(parts[0]);
			long window = Long.parseLong(parts[1]);
			byte[] mac = Base64.getUrlDecoder().decode(parts[2]);
			if (activityId <= 0 || window < 0 || mac.length != MAC_BYTES) {
				return null;
			}
			return new Parsed(activityId, window, mac);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	static long window(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), ROTATION_SECONDS);
	}

	static String format(byte[] key, long activityId, long window) {
		return activityId + "." + window + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, activityId, window));
	}

	private static byte[] mac(byte[] key, long activityId, long window) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(key, ALGORITHM));
			mac.update("grassroots-sign-in:".getBytes(StandardCharsets.US_ASCII));
			mac.update(ByteBuffer.allocate(16).putLong(activityId).putLong(window).array());
			return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 unavailable", ex);
		}
	}

	/** A code and the moment it rotates (it is still accepted one rotation longer). */
	public record Code(String code, Instant expiresAt) {

		@Override
		public String toString() {
			return "Code[expiresAt=" + this.expiresAt + "]";
		}

	}

	/** A code taken apart. */
	public record Parsed(long activityId, long window, byte[] mac) {
	}

	public enum Verdict {

		VALID, EXPIRED, INVALID

	}

}
