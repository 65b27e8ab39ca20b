package cn.luohe.grassroots.wechat.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import me.chanjar.weixin.common.redis.RedisTemplateWxRedisOps;
import me.chanjar.weixin.common.redis.WxRedisOps;
import me.chanjar.weixin.common.util.locks.RedisTemplateSimpleDistributedLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * WxJava's token store: Redis (shared by every instance), with this instance's memory
 * behind it. Every value is also kept locally; while Redis fails (and for
 * {@link #REDIS_PAUSE} after each failure, so an outage costs one Redis timeout per
 * pause, not one per call) values and locks are this instance's own, and WeChat calls go
 * on: each instance then fetches its own stable token, which WeChat allows.
 *
 * <p>
 * The token lock's lease is short ({@code lease}, about one WeChat call): WxJava's
 * default of 60 s meant that a call cut off by our timeout left every later call waiting
 * for the lease (issue 20).
 */
final class FallbackWxRedisOps implements WxRedisOps {

	private static final Logger log = LoggerFactory.getLogger(FallbackWxRedisOps.class);

	static final Duration REDIS_PAUSE = Duration.ofSeconds(5);

	/**
	 * How long one Redis operation may take before this instance's memory answers
	 * (Lettuce's own command timeout is longer; the operation finishes on its own).
	 */
	static final Duration REDIS_WAIT = Duration.ofSeconds(3);

	/** Runs the Redis operations, so that the WeChat thread waits at most REDIS_WAIT. */
	private static final ExecutorService REDIS_CALLS = Executors.newCachedThreadPool(task -> {
		Thread thread = new Thread(task, "wechat-redis");
		thread.setDaemon(true);
		return thread;
	});

	private final StringRedisTemplate template;

	private final RedisTemplateWxRedisOps redis;

	private final int leaseMillis;

	private final ConcurrentMap<String, Local> values = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, Lock> locks = new ConcurrentHashMap<>();

	private volatile long pausedUntil = System.nanoTime();

	private volatile boolean failing;

	FallbackWxRedisOps(StringRedisTemplate template, Duration lease) {
		this.template = template;
		this.redis = new RedisTemplateWxRedisOps(template);
		this.leaseMillis = (int) lease.toMillis();
	}

	boolean redisUsable() {
		return System.nanoTime() - this.pausedUntil >= 0;
	}

	void failed(RuntimeException ex) {
		this.pausedUntil = System.nanoTime() + REDIS_PAUSE.toNanos();
		if (!this.failing) {
			this.failing = true;
			log.warn("WeChat token kept in this instance's memory, Redis failed ({})", ex.getClass().getName());
		}
	}

	private void worked() {
		if (this.failing) {
			this.failing = false;
			log.warn("WeChat token kept in Redis again");
		}
	}

	@Override
	public @Nullable String getValue(String key) {
		if (redisUsable()) {
			try {
				String value = bounded(() -> this.redis.getValue(key));
				worked();
				// kept locally too, so that a Redis hiccup does not cost a token fetch
				if (value != null) {
					this.values.compute(key, (k, known) -> (known != null && value.equals(known.value())) ? known
							: new Local(value, Long.MAX_VALUE, false));
				}
				return value;
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
		Local local = local(key);
		return (local != null) ? local.value() : null;
	}

	@Override
	public void setValue(String key, String value, int expire, TimeUnit unit) {
		long expiresAt = (expire > 0) ? System.nanoTime() + unit.toNanos(expire) : Long.MAX_VALUE;
		this.values.put(key, new Local(value, expiresAt, expire > 0));
		if (redisUsable()) {
			try {
				bounded(() -> {
					this.redis.setValue(key, value, expire, unit);
					return Boolean.TRUE;
				});
				worked();
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
	}

	@Override
	public @Nullable Long getExpire(String key) {
		if (redisUsable()) {
			try {
				Long expire = bounded(() -> this.redis.getExpire(key));
				worked();
				if (expire != null && expire > 0) {
					this.values.computeIfPresent(key, (k, known) -> new Local(known.value(),
							System.nanoTime() + TimeUnit.SECONDS.toNanos(expire), true));
				}
				return expire;
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
		Local local = local(key);
		if (local == null) {
			// Redis' answer for a missing key
			return -2L;
		}
		return local.expiring() ? TimeUnit.NANOSECONDS.toSeconds(local.expiresAt() - System.nanoTime()) : -1L;
	}

	@Override
	public void expire(String key, int expire, TimeUnit unit) {
		this.values.computeIfPresent(key,
				(k, local) -> new Local(local.value(), System.nanoTime() + unit.toNanos(expire), true));
		if (redisUsable()) {
			try {
				bounded(() -> {
					this.redis.expire(key, expire, unit);
					return Boolean.TRUE;
				});
				worked();
			}
			catch (RuntimeException ex) {
				failed(ex);
			}
		}
	}

	/** The operation's result, or a RuntimeException when it failed or took too long. */
	private static <T> @Nullable T bounded(Callable<T> operation) {
		Future<T> future = REDIS_CALLS.submit(operation);
		try {
			return future.get(REDIS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for Redis", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			// a lock taken late ends with its short lease
			future.cancel(true);
			throw new IllegalStateException("Redis did not answer within " + REDIS_WAIT.toMillis() + " ms", ex);
		}
	}

	@Override
	public Lock getLock(String key) {
		return new FallbackLock(new RedisTemplateSimpleDistributedLock(this.template, key, this.leaseMillis),
				this.locks.computeIfAbsent(key, k -> new ReentrantLock()));
	}

	private @Nullable Local local(String key) {
		Local local = this.values.get(key);
		if (local != null && local.expiring() && local.expiresAt() - System.nanoTime() <= 0) {
			this.values.remove(key, local);
			return null;
		}
		return local;
	}

	private record Local(String value, long expiresAt, boolean expiring) {
	}

	/**
	 * The Redis lock while Redis answers, else this instance's lock; unlock releases the
	 * one this thread took.
	 */
	final class FallbackLock implements Lock {

		private final Lock redisLock;

		private final Lock localLock;

		private final ThreadLocal<Lock> held = new ThreadLocal<>();

		FallbackLock(Lock redisLock, Lock localLock) {
			this.redisLock = redisLock;
			this.localLock = localLock;
		}

		@Override
		public boolean tryLock() {
			if (redisUsable()) {
				try {
					// on this thread: WxJava's lock keeps its secret in a thread-local
					if (this.redisLock.tryLock()) {
						this.held.set(this.redisLock);
						return true;
					}
					return false;
				}
				catch (RuntimeException ex) {
					failed(ex);
				}
			}
			if (this.localLock.tryLock()) {
				this.held.set(this.localLock);
				return true;
			}
			return false;
		}

		@Override
		public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
			long deadline = System.nanoTime() + unit.toNanos(time);
			while (true) {
				if (tryLock()) {
					return true;
				}
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
			}
		}

		@Override
		public void lock() {
			while (!tryLock()) {
				try {
					TimeUnit.MILLISECONDS.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while waiting for the WeChat token lock", ex);
				}
			}
		}

		@Override
		public void lockInterruptibly() throws InterruptedException {
			while (!tryLock()) {
				TimeUnit.MILLISECONDS.sleep(50);
			}
		}

		@Override
		public void unlock() {
			Lock lock = this.held.get();
			this.held.remove();
			if (lock == null) {
				return;
			}
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				// a Redis lock that cannot be released ends with its short lease
				if (lock == this.redisLock) {
					failed(ex);
				}
			}
		}

		@Override
		public Condition newCondition() {
			throw new UnsupportedOperationException();
		}

	}

}
