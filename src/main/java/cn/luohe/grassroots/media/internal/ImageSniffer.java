package cn.luohe.grassroots.media.internal;

import org.jspecify.annotations.Nullable;

/**
 * Decides a photo's content type from its first bytes. A name or a declared type says
 * nothing about what a file is; a renamed text file must not be served as an image.
 */
final class ImageSniffer {

	/** Bytes needed to recognise every accepted format (WebP's "WEBP" ends at 12). */
	static final int HEAD_LENGTH = 12;

	private static final byte[] JPEG = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF };

	private static final byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A };

	private static final byte[] RIFF = { 'R', 'I', 'F', 'F' };

	private static final byte[] WEBP = { 'W', 'E', 'B', 'P' };

	private ImageSniffer() {
	}

	/** image/jpeg, image/png or image/webp, or null for anything else. */
	static @Nullable String contentType(byte[] head) {
		if (startsWith(head, 0, JPEG)) {
			return "image/jpeg";
		}
		if (startsWith(head, 0, PNG)) {
			return "image/png";
		}
		if (startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP)) {
			return "image/webp";
		}
		return null;
	}

	private static boolean startsWith(byte[] bytes, int offset, byte[] magic) {
		if (bytes.length < offset + magic.length) {
			return false;
		}
		for (int i = 0; i < magic.length; i++) {
			if (bytes[offset + i] != magic[i]) {
				return false;
			}
		}
		return true;
	}

}
