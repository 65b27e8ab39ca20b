package cn.luohe.grassroots.media.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImageSnifferTests {

	@Test
	void shouldRecogniseJpeg() {
		assertThat(ImageSniffer.contentType(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0, 1)))
			.isEqualTo("image/jpeg");
	}

	@Test
	void shouldRecognisePng() {
		assertThat(ImageSniffer.contentType(bytes(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D)))
			.isEqualTo("image/png");
	}

	@Test
	void shouldRecogniseWebp() {
		assertThat(ImageSniffer.contentType(bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P')))
			.isEqualTo("image/webp");
	}

	@Test
	void shouldRefuseOtherRiffFiles() {
		assertThat(ImageSniffer.contentType(bytes('R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E'))).isNull();
	}

	@Test
	void shouldRefuseTextWhateverItIsCalled() {
		assertThat(ImageSniffer.contentType("hello, this is not a photo".getBytes(StandardCharsets.UTF_8))).isNull();
		assertThat(ImageSniffer.contentType("GIF89a......".getBytes(StandardCharsets.US_ASCII))).isNull();
	}

	@Test
	void shouldRefuseTruncatedHeads() {
		assertThat(ImageSniffer.contentType(new byte[0])).isNull();
		assertThat(ImageSniffer.contentType(bytes(0xFF, 0xD8))).isNull();
		assertThat(ImageSniffer.contentType(bytes(0x89, 'P', 'N', 'G'))).isNull();
		assertThat(ImageSniffer.contentType(bytes('R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E'))).isNull();
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

}
