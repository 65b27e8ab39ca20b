package cn.luohe.grassroots.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;

/**
 * Writes one upload to its staging file while counting, hashing and keeping the first
 * bytes for sniffing. Stops at the first byte over the limit, so an oversized upload
 * never fills the disk. Blocking: used only on the bounded elastic scheduler.
 */
final class UploadReceiver implements AutoCloseable {

	private final Path path;

	private final long maxBytes;

	private final MessageDigest digest;

	private final byte[] head = new byte[ImageSniffer.HEAD_LENGTH];

	private @Nullable FileChannel channel;

	private long size;

	private int headFilled;

	UploadReceiver(Path path, long maxBytes) {
		this.path = path;
		this.maxBytes = maxBytes;
		try {
			this.digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	void write(DataBuffer buffer) {
		try {
			int readable = buffer.readableByteCount();
			if (this.size + readable > this.maxBytes) {
				throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
						"A photo may have at most " + this.maxBytes + " bytes");
			}
			FileChannel out = channel();
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				while (buffers.hasNext()) {
					ByteBuffer bytes = buffers.next();
					keepHead(bytes.duplicate());
					this.digest.update(bytes.duplicate());
					while (bytes.hasRemaining()) {
						out.write(bytes);
					}
				}
			}
			this.size += readable;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	StagedUpload finish() {
		close();
		return new StagedUpload(this.path, this.size, HexFormat.of().formatHex(this.digest.digest()),
				Arrays.copyOf(this.head, this.headFilled));
	}

	@Override
	public void close() {
		FileChannel current = this.channel;
		this.channel = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private FileChannel channel() throws IOException {
		if (this.channel == null) {
			this.channel = FileChannel.open(this.path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
		}
		return this.channel;
	}

	private void keepHead(ByteBuffer bytes) {
		while (this.headFilled < this.head.length && bytes.hasRemaining()) {
			this.head[this.headFilled++] = bytes.get();
		}
	}

}
