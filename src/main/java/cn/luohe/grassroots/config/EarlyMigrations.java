package cn.luohe.grassroots.config;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.stereotype.Component;

/**
 * Starts the migrations on their own thread as soon as this early bean is made, while the
 * rest of the context is made (issue 19: start-up to ready; on a fresh database they take
 * 1–2 s, mostly waiting on PostgreSQL). Boot's initializer, made late among the beans,
 * then waits for them through this strategy, before any lifecycle starts (the relay, the
 * aggregator, the web server): no request and no task ever sees a schema half migrated,
 * and a failed migration still fails the start. Nothing touches the database while beans
 * are made (the R2DBC pool opens on first use).
 */
@Component
class EarlyMigrations implements FlywayMigrationStrategy {

	private final CompletableFuture<Void> migrated;

	EarlyMigrations(ObjectProvider<Flyway> flyway) {
		Flyway migrations = flyway.getObject();
		this.migrated = CompletableFuture.runAsync(migrations::migrate,
				task -> Thread.ofPlatform().name("migrations").start(task));
	}

	@Override
	public void migrate(Flyway flyway) {
		try {
			this.migrated.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException failure) ? failure : ex;
		}
	}

}
