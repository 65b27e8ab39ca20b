package cn.luohe.grassroots.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 on raw sockets, one connection per request ({@code Connection: close}), so a
 * test sees exactly what a client sees: a refused connection, a whole answer, or a
 * connection that ended without one.
 */
final class RawHttp {

	private RawHttp() {
	}

	/** What became of one request. */
	enum Kind {

		/** Connection refused: nothing was sent. */
		REFUSED,
		/** A whole answer was read. */
		ANSWERED,
		/** The request was sent, the connection ended without a whole answer. */
		CUT

	}

	record Outcome(Kind kind, int status, String body) {

		static Outcome refused() {
			return new Outcome(Kind.REFUSED, 0, "");
		}

	}

	/**
	 * Sends one request and reads the answer to its end; {@code headers} are complete
	 * header lines.
	 */
	static Outcome exchange(int port, String method, String path, String headers, @Nullable String json) {
		Socket socket;
		try {
			socket = new Socket(InetAddress.getLoopbackAddress(), port);
		}
		catch (ConnectException ex) {
			return Outcome.refused();
		}
		catch (IOException ex) {
			return Outcome.refused();
		}
		try (socket) {
			socket.setSoTimeout(30_000);
			byte[] body = (json != null) ? json.getBytes(StandardCharsets.UTF_8) : new byte[0];
			String head = method
					+ " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + headers + ((json != null)
							? "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" : "")
					+ "\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[8192];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				answer.write(buffer, 0, read);
			}
			return parse(answer.toString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			return new Outcome(Kind.CUT, 0, String.valueOf(ex));
		}
	}

	private static Outcome parse(String text) {
		int end = text.indexOf("\r\n\r\n");
		if (!text.startsWith("HTTP/1.1 ") || end < 0) {
			return new Outcome(Kind.CUT, 0, text);
		}
		String head = text.substring(0, end).toLowerCase(java.util.Locale.ROOT);
		String body = text.substring(end + 4);
		int length = head.indexOf("content-length:");
		if (length >= 0) {
			int declared = Integer.parseInt(head
				.substring(length + 15, head.indexOf("\r\n", length) < 0 ? head.length() : head.indexOf("\r\n", length))
				.trim());
			if (body.getBytes(StandardCharsets.UTF_8).length < declared) {
				return new Outcome(Kind.CUT, 0, text);
			}
		}
		return new Outcome(Kind.ANSWERED, Integer.parseInt(text.substring(9, 12)), body);
	}

	/**
	 * Opens an event stream, waits for its status line, then never reads again (its
	 * receive buffer is kept small, so the server's side fills up).
	 */
	static Socket openUnreadStream(int port, String path, String bearer) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
		socket.setReceiveBufferSize(1024);
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + bearer
					+ "\r\nAccept: text/event-stream\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		socket.setSoTimeout(10_000);
		InputStream in = socket.getInputStream();
		byte[] status = new byte[12];
		int read = 0;
		while (read < status.length) {
			int n = in.read(status, read, status.length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		assertThat(new String(status, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
		return socket;
	}

}
