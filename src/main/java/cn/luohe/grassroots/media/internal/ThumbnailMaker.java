package cn.luohe.grassroots.media.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Scales a photo down to a JPEG whose longer side is at most {@link #SIZE} pixels, with
 * the JDK's ImageIO (JPEG and PNG; WebP is not among its readers). Blocking and
 * CPU-bound: call it on a worker thread, never on the event loop.
 */
final class ThumbnailMaker {

	static final int SIZE = 320;

	private static final float QUALITY = 0.8f;

	private ThumbnailMaker() {
	}

	/**
	 * The thumbnail's JPEG bytes, or null when ImageIO cannot decode the photo (a format
	 * it has no reader for, or bytes that only begin like an image: uploads are judged by
	 * their first bytes).
	 */
	static byte @Nullable [] thumbnail(byte[] photo) throws IOException {
		BufferedImage source;
		try {
			source = ImageIO.read(new ByteArrayInputStream(photo));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
		if (source == null) {
			return null;
		}
		BufferedImage scaled = scale(source);
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(QUALITY);
			writer.write(null, new IIOImage(scaled, null, null), param);
		}
		finally {
			writer.dispose();
		}
		return out.toByteArray();
	}

	/**
	 * Halves the image while it is more than twice the target, then scales the rest
	 * bilinearly: one bilinear step from a large photo would skip most of its pixels. The
	 * result is opaque RGB (JPEG has no alpha: transparency becomes white).
	 */
	static BufferedImage scale(BufferedImage source) {
		int width = source.getWidth();
		int height = source.getHeight();
		double factor = Math.min(1.0, (double) SIZE / Math.max(width, height));
		int targetWidth = Math.max(1, (int) Math.round(width * factor));
		int targetHeight = Math.max(1, (int) Math.round(height * factor));
		BufferedImage current = source;
		while (width / 2 >= targetWidth && height / 2 >= targetHeight) {
			width /= 2;
			height /= 2;
			current = draw(current, width, height);
		}
		return draw(current, targetWidth, targetHeight);
	}

	private static BufferedImage draw(BufferedImage image, int width, int height) {
		BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = target.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			g.drawImage(image, 0, 0, width, height, null);
		}
		finally {
			g.dispose();
		}
		return target;
	}

}
