package cn.luohe.grassroots.reminder.internal;

import java.time.Duration;

import cn.luohe.grassroots.common.time.BusinessClock;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.stereotype.Component;

/**
 * Cluster-wide locks of the rules: ShedLock's row in PostgreSQL ({@code shedlock}), so
 * two instances never run one rule at once. ShedLock's R2DBC provider ended with 5.x; its
 * JDBC provider runs over Flyway's JDBC URL (a plain connection per call, no pool and no
 * DataSource bean, so nothing else of the service sees JDBC), always on a worker thread.
 * Lock times are the database's ({@code usingDbTime}), not the business clock's.
 */
@Component
class ReminderLocks {

	/** A run that takes longer (an instance that died holding it) frees its rule then. */
	static final Duration AT_MOST = Duration.ofMinutes(10);

	private final LockProvider provider;

	private final BusinessClock clock;

	ReminderLocks(Environment env, BusinessClock clock) {
		DriverManagerDataSource dataSource = new DriverManagerDataSource(env.getRequiredProperty("spring.flyway.url"),
				env.getProperty("spring.flyway.user", ""), env.getProperty("spring.flyway.password", ""));
		this.provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(new JdbcTemplate(dataSource))
			.withTableName("shedlock")
			.usingDbTime()
			.build());
		this.clock = clock;
	}

	/**
	 * Runs {@code work} while holding the lock {@code name}; completes empty without
	 * running it when another instance holds it.
	 */
	<T> Mono<T> withLock(String name, Mono<T> work) {
		LockConfiguration config = new LockConfiguration(this.clock.now(), name, AT_MOST, Duration.ZERO);
		return Mono.fromCallable(() -> this.provider.lock(config))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(lock -> lock.isPresent()
					? Mono.usingWhen(Mono.just(lock.get()), held -> work, ReminderLocks::release) : Mono.empty());
	}

	private static Mono<Void> release(SimpleLock lock) {
		return Mono.<Void>fromRunnable(lock::unlock).subscribeOn(Schedulers.boundedElastic());
	}

}
