package cn.luohe.grassroots.identity.internal;

import java.util.Locale;

import cn.luohe.grassroots.common.id.Randoms;
import org.jspecify.annotations.Nullable;

/**
 * Invitation codes: 12 symbols from a 32-symbol alphabet without 0/O and 1/I, so that a
 * code read aloud or copied by hand survives (60 random bits). Only a hash is stored.
 */
final class InvitationCodes {

	static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

	static final int LENGTH = 12;

	private InvitationCodes() {
	}

	static String generate() {
		byte[] random = Randoms.bytes(LENGTH);
		char[] code = new char[LENGTH];
		for (int i = 0; i < LENGTH; i++) {
			// 32 divides 256: every symbol equally likely
			code[i] = ALPHABET.charAt(random[i] & 0x1f);
		}
		return new String(code);
	}

	/**
	 * The canonical form of a code as typed (any case, spaces or dashes between groups),
	 * or null when it cannot be a code at all.
	 */
	static @Nullable String normalize(String input) {
		if (input.length() > 64) {
			return null;
		}
		String code = input.replace("-", "").replace(" ", "").toUpperCase(Locale.ROOT);
		if (code.length() != LENGTH) {
			return null;
		}
		for (int i = 0; i < LENGTH; i++) {
			if (ALPHABET.indexOf(code.charAt(i)) < 0) {
				return null;
			}
		}
		return code;
	}

	static String hash(String normalized) {
		return TokenService.hash(normalized);
	}

}
