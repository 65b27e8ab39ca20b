package bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live feed, measured from outside with one NIO thread (Gatling's SSE support keeps a virtual user per
 * stream, which costs the shared 2 cores more than the service under test):
 * <ol>
 * <li>idle subscribers: opens N {@code GET /api/v1/feed/stream} connections, waits for every status line, and
 * reads the service's heap after a full GC ({@code jcmd PID GC.run}, {@code GC.heap_info}) before and after;</li>
 * <li>delivery: M subscribers while check-ins are written at a fixed rate; each check-in's note carries a
 * sequence number, and the latency is the time from the write's acknowledgement (201 received) to the event's
 * arrival on each subscriber.</li>
 * </ol>
 * System properties: bench.base, bench.data (leaders.csv, visitors.csv), bench.results, bench.pid,
 * bench.idle (10000), bench.subscribers (1000), bench.rate (100), bench.seconds (20).
 */
public final class FeedProbe {

	private static final Pattern USED = Pattern.compile("used (\\d+)K");

	private static final String MARK = "feedprobe-";

	private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);

	/** Unique per run: a second run on the same database would otherwise replay the first's check-ins. */
	private final String keyPrefix = MARK + Long.toString(System.currentTimeMillis(), 36) + "-";

	private final String host;

	private final int port;

	private final List<String> tokens;

	private final Map<Long, Long> acks = new ConcurrentHashMap<>();

	/** Numbers the check-ins' notes across passes, so that a late event of one pass is not taken for another's. */
	private final AtomicLong sequence = new AtomicLong();

	private long[] receivedSeq = new long[1 << 16];

	private long[] receivedAt = new long[1 << 16];

	private int received;

	private FeedProbe(String host, int port, List<String> tokens) {
		this.host = host;
		this.port = port;
		this.tokens = tokens;
	}

	public static void main(String[] args) throws Exception {
		URI base = URI.create(Bench.BASE);
		List<String> leaders = column("leaders.csv", 0);
		FeedProbe probe = new FeedProbe(base.getHost(), base.getPort(), leaders);
		if (!Bench.available("feed", "GET", "/api/v1/feed/stream?probe=1", leaders.get(0), null)) {
			Bench.result("feed.delivery.skipped", "endpoint missing (GET /api/v1/feed/stream -> 404)");
			return;
		}
		long pid = Long.parseLong(Bench.prop("pid", "0"));
		probe.idle(Bench.intProp("idle", 10_000), pid);
		if (Bench.visitsAvailable("feed.delivery")) {
			int subscribers = Bench.intProp("subscribers", 1000);
			// the fan-out path (and this probe) compile during the first seconds at full rate: on two cores the
			// JIT then takes the CPU the deliveries need, so a pass at the same rate is recorded apart first, as the
			// check-in figures do
			int warmup = Bench.intProp("warmupSeconds", 10);
			if (warmup > 0) {
				probe.delivery("feed.delivery_warmup", subscribers, Bench.doubleProp("rate", 100), warmup);
			}
			probe.delivery("feed.delivery", subscribers, Bench.doubleProp("rate", 100), Bench.intProp("seconds", 15));
			// the same at a rate the write path sustains easily, to tell fan-out limits from write limits
			double low = Bench.doubleProp("lowRate", 10);
			if (low > 0) {
				probe.delivery("feed.delivery_low", subscribers, low, Bench.intProp("lowSeconds", 10));
			}
		}
	}

	// ------------------------------------------------------------------------------------------ idle subscribers

	private void idle(int count, long pid) throws IOException, InterruptedException {
		try (Streams warmup = new Streams()) {
			warmup.open(200, 200);
		}
		Thread.sleep(1000);
		long before = heapAfterGc(pid);
		long started = System.nanoTime();
		try (Streams streams = new Streams()) {
			int open = streams.open(count, Bench.intProp("batch", 500));
			double openSeconds = (System.nanoTime() - started) / 1e9;
			streams.pump(2000);
			long after = heapAfterGc(pid);
			int stillOpen = streams.openCount();
			Bench.result("feed.idle.requested", count);
			Bench.result("feed.idle.open", stillOpen);
			Bench.result("feed.idle.failed", count - open);
			Bench.result("feed.idle.open_seconds", String.format("%.1f", openSeconds));
			Bench.result("feed.idle.heap_before_mb", String.format("%.1f", before / 1024.0));
			Bench.result("feed.idle.heap_after_mb", String.format("%.1f", after / 1024.0));
			if (stillOpen > 0) {
				Bench.result("feed.idle.heap_per_subscriber_kb", String.format("%.2f", (after - before) / (double) stillOpen));
			}
		}
	}

	/** Heap used after two full collections, in KB. */
	private static long heapAfterGc(long pid) throws IOException, InterruptedException {
		String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
		for (int i = 0; i < 2; i++) {
			run(jcmd, Long.toString(pid), "GC.run");
		}
		String info = run(jcmd, Long.toString(pid), "GC.heap_info");
		Matcher used = USED.matcher(info);
		if (!used.find()) {
			throw new IllegalStateException("no heap figure in: " + info);
		}
		return Long.parseLong(used.group(1));
	}

	private static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + ": " + out);
		}
		return out;
	}

	// ------------------------------------------------------------------------------------------ delivery latency

	private void delivery(String key, int subscribers, double rate, int seconds) throws Exception {
		this.acks.clear();
		this.received = 0;
		List<String[]> visitors = rows("visitors.csv");
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		AtomicLong sent = new AtomicLong();
		AtomicInteger failed = new AtomicInteger();
		try (Streams streams = new Streams()) {
			int open = streams.open(subscribers, Bench.intProp("batch", 500));
			streams.pump(1000);
			ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
			long periodNanos = (long) (1e9 / rate);
			long total = (long) (rate * seconds);
			timer.scheduleAtFixedRate(() -> {
				if (sent.getAndIncrement() >= total) {
					return;
				}
				long seq = this.sequence.getAndIncrement();
				String[] visitor = visitors.get((int) (seq % visitors.size()));
				HttpRequest request = HttpRequest.newBuilder(URI.create(Bench.BASE + "/api/v1/visits"))
					.timeout(Duration.ofSeconds(30))
					.header("Authorization", "Bearer " + visitor[0])
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", this.keyPrefix + seq)
					.POST(HttpRequest.BodyPublishers.ofString("{\"visitedOrgId\":" + visitor[1]
							+ ",\"location\":{\"lat\":" + visitor[2] + ",\"lng\":" + visitor[3]
							+ ",\"accuracy\":10},\"note\":\"" + MARK + seq + "\"}"))
					.build();
				client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
					if (error == null && response.statusCode() == 201) {
						this.acks.put(seq, System.nanoTime());
					}
					else {
						failed.incrementAndGet();
					}
				});
			}, 0, periodNanos, TimeUnit.NANOSECONDS);
			streams.pump(seconds * 1000L + 5000);
			timer.shutdownNow();
			long[] latencies = latenciesMillis();
			long acked = this.acks.size();
			Bench.result(key + ".subscribers", open);
			Bench.result(key + ".writes_acked", acked);
			Bench.result(key + ".writes_failed", failed.get());
			Bench.result(key + ".expected", acked * open);
			Bench.result(key + ".received", latencies.length);
			Bench.result(key + ".rate", String.format("%.1f", acked / (double) seconds));
			if (latencies.length > 0) {
				Bench.result(key + ".p50_ms", percentile(latencies, 0.50));
				Bench.result(key + ".p99_ms", percentile(latencies, 0.99));
				Bench.result(key + ".max_ms", latencies[latencies.length - 1]);
			}
		}
	}

	/** Latency of every delivery whose write was acknowledged; an event that overtook its 201 counts as 0. */
	private long[] latenciesMillis() {
		long[] out = new long[this.received];
		int n = 0;
		for (int i = 0; i < this.received; i++) {
			Long ack = this.acks.get(this.receivedSeq[i]);
			if (ack != null) {
				out[n++] = Math.max(0, (this.receivedAt[i] - ack) / 1_000_000);
			}
		}
		out = Arrays.copyOf(out, n);
		Arrays.sort(out);
		return out;
	}

	private static long percentile(long[] sorted, double p) {
		return sorted[(int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
	}

	private void delivered(long seq, long at) {
		if (this.received == this.receivedSeq.length) {
			this.receivedSeq = Arrays.copyOf(this.receivedSeq, this.received * 2);
			this.receivedAt = Arrays.copyOf(this.receivedAt, this.received * 2);
		}
		this.receivedSeq[this.received] = seq;
		this.receivedAt[this.received++] = at;
	}

	// ------------------------------------------------------------------------------------------ the connections

	/** SSE connections on one selector; this thread reads them all. */
	private final class Streams implements AutoCloseable {

		private final Selector selector = Selector.open();

		private final List<Stream> streams = new ArrayList<>();

		private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

		private final byte[] work = new byte[64 * 1024 + 64];

		Streams() throws IOException {
		}

		/** Opens {@code count} streams, {@code batch} at a time; returns how many answered 200. */
		int open(int count, int batch) throws IOException {
			int opened = 0;
			for (int first = 0; first < count; first += batch) {
				List<Stream> wave = new ArrayList<>();
				for (int i = first; i < Math.min(count, first + batch); i++) {
					Stream stream = new Stream(tokens.get(i % tokens.size()));
					wave.add(stream);
					this.streams.add(stream);
				}
				long deadline = System.nanoTime() + 30_000_000_000L;
				while (wave.stream().anyMatch(s -> s.state < Stream.OPEN) && System.nanoTime() < deadline) {
					select(100);
				}
				for (Stream stream : wave) {
					if (stream.state == Stream.OPEN) {
						opened++;
					}
					else {
						stream.fail();
					}
				}
			}
			return opened;
		}

		int openCount() {
			return (int) this.streams.stream().filter(s -> s.state == Stream.OPEN).count();
		}

		void pump(long millis) throws IOException {
			long deadline = System.nanoTime() + millis * 1_000_000;
			while (System.nanoTime() < deadline) {
				select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
		}

		private void select(long timeoutMillis) throws IOException {
			this.selector.select(key -> ((Stream) key.attachment()).ready(key), timeoutMillis);
		}

		@Override
		public void close() throws IOException {
			for (Stream stream : this.streams) {
				stream.channel.close();
			}
			this.selector.close();
		}

		private final class Stream {

			static final int CONNECTING = 0;

			static final int SENT = 1;

			static final int OPEN = 2;

			static final int FAILED = 3;

			final SocketChannel channel;

			private final ByteBuffer request;

			private final StringBuilder headers = new StringBuilder();

			private final byte[] carry = new byte[64];

			private int carried;

			int state = CONNECTING;

			Stream(String token) throws IOException {
				this.request = ByteBuffer.wrap(("GET /api/v1/feed/stream HTTP/1.1\r\nHost: " + host + ":" + port
						+ "\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				this.channel = SocketChannel.open();
				this.channel.configureBlocking(false);
				this.channel.connect(new InetSocketAddress(host, port));
				this.channel.register(Streams.this.selector, SelectionKey.OP_CONNECT, this);
			}

			void ready(SelectionKey key) {
				try {
					if (key.isConnectable() && this.channel.finishConnect()) {
						this.channel.write(this.request);
						this.state = SENT;
						key.interestOps(SelectionKey.OP_READ);
					}
					else if (key.isReadable()) {
						read();
					}
				}
				catch (IOException ex) {
					fail();
				}
			}

			private void read() throws IOException {
				ByteBuffer buffer = Streams.this.buffer;
				buffer.clear();
				int n = this.channel.read(buffer);
				if (n < 0) {
					fail();
					return;
				}
				long now = System.nanoTime();
				buffer.flip();
				if (this.state == SENT) {
					this.headers.append(StandardCharsets.ISO_8859_1.decode(buffer));
					int end = this.headers.indexOf("\r\n\r\n");
					if (end < 0) {
						return;
					}
					this.state = (this.headers.indexOf("HTTP/1.1 200") == 0) ? OPEN : FAILED;
					buffer.position(0);
					int skip = end + 4 - (this.headers.length() - buffer.limit());
					buffer.position(Math.max(0, skip));
					this.headers.setLength(0);
				}
				scan(buffer, now);
			}

			/**
			 * Records every complete "feedprobe-N" in the bytes read (no text decoding: the probe shares the
			 * cores with the service); a possibly cut mark at the end is carried to the next read.
			 */
			private void scan(ByteBuffer buffer, long now) {
				byte[] work = Streams.this.work;
				int length = this.carried;
				System.arraycopy(this.carry, 0, work, 0, length);
				int n = buffer.remaining();
				buffer.get(work, length, n);
				length += n;
				int keepFrom = Math.max(0, length - MARK_BYTES.length);
				int i = 0;
				while (i <= length - MARK_BYTES.length) {
					if (!matches(work, i)) {
						i++;
						continue;
					}
					int end = i + MARK_BYTES.length;
					long seq = 0;
					while (end < length && work[end] >= '0' && work[end] <= '9') {
						seq = seq * 10 + (work[end] - '0');
						end++;
					}
					if (end == length) {
						keepFrom = i;
						break;
					}
					if (end > i + MARK_BYTES.length) {
						delivered(seq, now);
					}
					i = end;
					keepFrom = Math.max(end, length - MARK_BYTES.length);
				}
				this.carried = Math.min(length - keepFrom, this.carry.length);
				System.arraycopy(work, length - this.carried, this.carry, 0, this.carried);
			}

			private static boolean matches(byte[] bytes, int at) {
				for (int k = 0; k < MARK_BYTES.length; k++) {
					if (bytes[at + k] != MARK_BYTES[k]) {
						return false;
					}
				}
				return true;
			}

			void fail() {
				this.state = FAILED;
				try {
					this.channel.close();
				}
				catch (IOException ignored) {
					// already broken
				}
			}

		}

	}

	// ------------------------------------------------------------------------------------------ feeders

	private static List<String[]> rows(String file) throws IOException {
		List<String> lines = Files.readAllLines(Bench.DATA.resolve(file));
		return lines.subList(1, lines.size()).stream().map(line -> line.split(",")).toList();
	}

	private static List<String> column(String file, int index) throws IOException {
		return rows(file).stream().map(row -> row[index]).toList();
	}

}
