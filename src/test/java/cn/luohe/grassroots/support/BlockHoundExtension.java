package cn.luohe.grassroots.support;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;

/**
 * Installs BlockHound once for the whole test JVM (every {@link IntegrationTest} uses
 * it): any blocking call on a non-blocking (event-loop or parallel) thread fails the
 * request that made it.
 */
public class BlockHoundExtension implements BeforeAllCallback {

	private static final AtomicBoolean INSTALLED = new AtomicBoolean();

	@Override
	public void beforeAll(ExtensionContext context) {
		if (INSTALLED.compareAndSet(false, true)) {
			// install(...) also loads the integrations found on the
			// classpath (Reactor's marks its non-blocking threads);
			// builder().install() alone would guard no thread
			BlockHound.install(builder -> builder
				// Logback's console appender writes under
				// a lock; logging is not request work
				.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes")
				// Netty's adaptive allocator briefly takes a magazine's
				// lock when it grows under contention (large bodies read
				// and written at once); Netty's own BlockHound integration
				// allows its pooled arena's locks but not this one yet
				.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
						"tryExpandMagazines")
				// Lettuce's writers wait on its endpoint lock while a
				// reconnected channel drains the commands queued during the
				// outage (a bounded local step: SharedLock.doExclusive).
				// Seen on a database event loop right after Redis restarted
				// (FeedRedisOutageTests), where the thrown error broke that
				// pooled connection and the service stopped answering
				.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
				// Lettuce builds a connection's sync-command method table once
				// under a lock (MethodTranslator.of); two connections opened at
				// once at start-up contend for it on a Lettuce event loop, and the
				// thrown error failed that connection attempt (seen in
				// EncryptedPushTests' and ModerationApiTests' start-up)
				.allowBlockingCallsInside("io.lettuce.core.internal.AbstractInvocationHandler$MethodTranslator", "of")
				// printed as well as thrown: thrown inside a Netty callback, the error
				// can be swallowed and show only as a request that is never answered
				.blockingMethodCallback(method -> {
					BlockingOperationError error = new BlockingOperationError(method);
					System.err.println("BlockHound: " + method + " on " + Thread.currentThread().getName());
					error.printStackTrace();
					throw error;
				}));
		}
	}

}
