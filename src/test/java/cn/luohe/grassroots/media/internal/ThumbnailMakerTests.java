package cn.luohe.grassroots.media.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThumbnailMakerTests {

	@Test
	void shouldScaleTheLongerSideTo320AndKeepTheProportions() throws IOException {
		BufferedImage thumbnail = read(
				ThumbnailMaker.thumbnail(encode(new BufferedImage(900, 1600, BufferedImage.TYPE_INT_RGB), "jpeg")));

		assertThat(thumbnail.getHeight()).isEqualTo(320);
		assertThat(thumbnail.getWidth()).isEqualTo(180);
	}

	@Test
	void shouldTurnATransparentPngIntoAnOpaqueJpegWithoutEnlargingIt() throws IOException {
		byte[] png = encode(new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB), "png");

		byte[] jpeg = ThumbnailMaker.thumbnail(png);

		assertThat(jpeg).startsWith((byte) 0xFF, (byte) 0xD8);
		BufferedImage thumbnail = read(jpeg);
		assertThat(thumbnail.getWidth()).isEqualTo(64);
		assertThat(thumbnail.getRGB(1, 1) & 0xFFFFFF).isGreaterThan(0xF0F0F0);
	}

	@Test
	void shouldAnswerNullForBytesImageIoCannotDecode() throws IOException {
		assertThat(ThumbnailMaker.thumbnail(new byte[] { 'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P' }))
			.isNull();
	}

	@Test
	void shouldAnswerNullForBytesThatOnlyBeginLikeAJpeg() throws IOException {
		byte[] broken = new byte[4096];
		broken[0] = (byte) 0xFF;
		broken[1] = (byte) 0xD8;
		broken[2] = (byte) 0xFF;
		broken[3] = (byte) 0xE0;

		assertThat(ThumbnailMaker.thumbnail(broken)).isNull();
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format, out);
		return out.toByteArray();
	}

	private static BufferedImage read(byte[] bytes) throws IOException {
		return ImageIO.read(new ByteArrayInputStream(bytes));
	}

}
