package cn.luohe.grassroots.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import cn.luohe.grassroots.support.ApiTest;
import cn.luohe.grassroots.support.ServiceInstance;
import cn.luohe.grassroots.support.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, finding 1: idle connections and slowloris heads are closed, open connections
 * are capped, and meanwhile health and an authenticated request still answer.
 */
class ConnectionAbuseTests extends ApiTest {

	private static final int CAP = 100;

	private static ServiceInstance service;

	@BeforeAll
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	static void start() {
		service = ServiceInstance.start(Map.of("app.server.header-timeout", "3s", "app.server.max-connections",
				Integer.toString(CAP), "app.feed.relay-enabled", "false"));
	}

	@AfterAll
	static void stop() {
		if (service != null) {
			service.close();
		}
	}

	@Test
	void shouldCloseIdleAndSlowConnectionsAndStayAvailable() throws Exception {
		TestUser user = identities().newUser("连接测试");
		List<Socket> idle = new ArrayList<>();
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 30; i++) {
				idle.add(connect());
				Socket socket = connect();
				send(socket, "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\n");
				slow.add(socket);
			}
			FaultClient client = new FaultClient(service.port());
			// trickle one header line per slow connection while checking availability
			for (int round = 0; round < 4; round++) {
				for (Socket socket : slow) {
					trySend(socket, "X-Slow-" + round + ": 1\r\n");
				}
				assertThat(client.get("/actuator/health/readiness", null).status()).isEqualTo(200);
				assertThat(client.get("/api/v1/me", user.bearer()).status()).isEqualTo(200);
				Thread.sleep(500);
			}
			// every one of them is closed by the server within the header deadline and a
			// margin
			for (Socket socket : idle) {
				assertThat(closedByServerWithin(socket, 10_000)).as("idle connection closed").isTrue();
			}
			for (Socket socket : slow) {
				assertThat(closedByServerWithin(socket, 10_000)).as("slowloris connection closed").isTrue();
			}
		}
		finally {
			closeAll(idle);
			closeAll(slow);
		}
	}

	@Test
	void shouldRefuseConnectionsBeyondTheCap() throws Exception {
		List<Socket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < CAP + 30; i++) {
				sockets.add(connect());
			}
			// the last ones are beyond the cap: closed at once, long before the 3 s
			// deadline
			int closed = 0;
			for (Socket socket : sockets.subList(CAP + 10, CAP + 30)) {
				if (closedByServerWithin(socket, 1_500)) {
					closed++;
				}
			}
			// nearly all: a connection of the instance's own (or the previous test's,
			// still
			// closing) may free a place for one of them; without a cap none is closed
			assertThat(closed).isGreaterThanOrEqualTo(15);
		}
		finally {
			closeAll(sockets);
		}
		// once the flood is gone the server answers again
		FaultClient client = new FaultClient(service.port());
		DependencyOutageTests.until(() -> client.get("/actuator/health/readiness", null).status() == 200,
				"health after the flood");
	}

	private static Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), service.port());
		socket.setSoLinger(true, 0);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static void trySend(Socket socket, String text) {
		try {
			send(socket, text);
		}
		catch (IOException ex) {
			// already closed by the server
		}
	}

	/** Whether the server ended the connection (EOF or reset) within {@code millis}. */
	private static boolean closedByServerWithin(Socket socket, int millis) throws IOException {
		socket.setSoTimeout(millis);
		InputStream in = socket.getInputStream();
		try {
			byte[] buffer = new byte[4096];
			while (true) {
				int read = in.read(buffer);
				if (read < 0) {
					return true;
				}
				// a 408 or similar before the close is fine: keep reading to the end
			}
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the server
			return true;
		}
	}

	private static void closeAll(List<Socket> sockets) {
		for (Socket socket : sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// ignore
			}
		}
	}

}
