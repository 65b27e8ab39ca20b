package cn.luohe.grassroots.common.id;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Cryptographically strong randomness that never blocks an event loop. The default
 * {@code SecureRandom} (and {@code UUID.randomUUID()}) read {@code /dev/urandom} through
 * a blocking stream on every call; a DRBG seeded once, when this class loads at start-up,
 * does not.
 */
public final class Randoms {

	private static final SecureRandom DRBG = create();

	private Randoms() {
	}

	private static SecureRandom create() {
		try {
			SecureRandom random = SecureRandom.getInstance("DRBG",
					DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
			random.nextBytes(new byte[1]);
			return random;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No DRBG SecureRandom available", ex);
		}
	}

	/** Loads the generator (and its seed) now, off the request path. */
	public static void warmUp() {
		bytes(1);
	}

	public static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		DRBG.nextBytes(bytes);
		return bytes;
	}

	/** {@code length} random bytes, base64url without padding. */
	public static String token(int length) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
	}

	/** A random (version 4) UUID. */
	public static UUID uuid() {
		byte[] b = bytes(16);
		b[6] = (byte) ((b[6] & 0x0f) | 0x40);
		b[8] = (byte) ((b[8] & 0x3f) | 0x80);
		long msb = 0;
		long lsb = 0;
		for (int i = 0; i < 8; i++) {
			msb = (msb << 8) | (b[i] & 0xff);
		}
		for (int i = 8; i < 16; i++) {
			lsb = (lsb << 8) | (b[i] & 0xff);
		}
		return new UUID(msb, lsb);
	}

}
