package cn.luohe.grassroots.feed.web;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * One SSE stream's writer: encoded frames (each a complete SSE event or comment) wait
 * here and go out together, as one buffer and one flush. The first frame after a quiet
 * interval is written at once; frames arriving within an interval of the last write wait
 * for the next {@link #tick flush tick}. So a subscriber costs one write per interval
 * however many events it receives, and a quiet stream sees no added latency.
 *
 * <p>
 * Frames are requested from upstream {@code window} at a time and again as they are
 * written: a client that does not read leaves the frames upstream, where the subscriber's
 * bounded buffer decides when it has fallen too far behind. Heartbeats are added only to
 * an empty batch (frames already keep the connection alive). When the frames end, what is
 * pending is written, then {@code end}, then the stream completes.
 */
final class CoalescedStream extends BaseSubscriber<byte[]> {

	private final FluxSink<DataBuffer> sink;

	private final DataBufferFactory buffers;

	private final int window;

	private final long intervalNanos;

	private final byte[] heartbeat;

	private final byte[] end;

	// guarded by this

	private @Nullable List<byte[]> pending;

	/** Pending frames that came from upstream (heartbeats and the end do not count). */
	private int pendingFrames;

	private long lastWrite;

	private boolean done;

	private @Nullable Throwable error;

	private CoalescedStream(FluxSink<DataBuffer> sink, DataBufferFactory buffers, int window, long intervalNanos,
			byte[] heartbeat, byte[] end) {
		this.sink = sink;
		this.buffers = buffers;
		this.window = window;
		this.intervalNanos = intervalNanos;
		this.heartbeat = heartbeat;
		this.end = end;
		this.lastWrite = System.nanoTime() - intervalNanos;
	}

	/**
	 * The body of one stream. {@code register} is given the writer once it exists and
	 * returns what undoes the registration (called when the body ends or is cancelled).
	 */
	static Flux<DataBuffer> body(Flux<byte[]> frames, DataBufferFactory buffers, int window, long intervalNanos,
			byte[] heartbeat, byte[] end, Function<CoalescedStream, Runnable> register) {
		return Flux.create(sink -> {
			CoalescedStream stream = new CoalescedStream(sink, buffers, window, intervalNanos, heartbeat, end);
			Runnable unregister = register.apply(stream);
			sink.onRequest(n -> stream.writeIfAny());
			sink.onDispose(() -> {
				unregister.run();
				stream.dispose();
			});
			frames.subscribe(stream);
		}, FluxSink.OverflowStrategy.LATEST);
	}

	@Override
	protected void hookOnSubscribe(Subscription subscription) {
		subscription.request(this.window);
	}

	@Override
	protected void hookOnNext(byte[] frame) {
		synchronized (this) {
			add(frame);
			this.pendingFrames++;
			if (System.nanoTime() - this.lastWrite >= this.intervalNanos) {
				write();
			}
		}
	}

	@Override
	protected void hookOnComplete() {
		synchronized (this) {
			add(this.end);
			this.done = true;
			write();
		}
	}

	@Override
	protected void hookOnError(Throwable throwable) {
		synchronized (this) {
			this.error = throwable;
			this.done = true;
			write();
		}
	}

	/** Writes what is pending, with a heartbeat when asked for one and nothing is. */
	void tick(boolean heartbeatDue) {
		synchronized (this) {
			if (heartbeatDue && this.pending == null && !this.done) {
				add(this.heartbeat);
			}
			write();
		}
	}

	private void writeIfAny() {
		synchronized (this) {
			write();
		}
	}

	private void add(byte[] frame) {
		if (this.pending == null) {
			this.pending = new ArrayList<>(4);
		}
		this.pending.add(frame);
	}

	private void write() {
		List<byte[]> batch = this.pending;
		if (batch != null) {
			if (this.sink.requestedFromDownstream() == 0 || this.sink.isCancelled()) {
				return;
			}
			this.pending = null;
			int sent = this.pendingFrames;
			this.pendingFrames = 0;
			this.lastWrite = System.nanoTime();
			this.sink.next(join(batch));
			if (sent > 0 && !this.done) {
				// may deliver further frames at once (re-entrant, added to a new batch)
				request(sent);
			}
		}
		if (this.done && this.pending == null) {
			Throwable failure = this.error;
			if (failure != null) {
				this.sink.error(failure);
			}
			else {
				this.sink.complete();
			}
		}
	}

	private DataBuffer join(List<byte[]> frames) {
		if (frames.size() == 1) {
			return this.buffers.wrap(frames.get(0));
		}
		List<DataBuffer> parts = new ArrayList<>(frames.size());
		for (byte[] frame : frames) {
			parts.add(this.buffers.wrap(frame));
		}
		return this.buffers.join(parts);
	}

}
