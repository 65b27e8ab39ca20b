package cn.luohe.grassroots.media.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Uploads in flight: local files under {@code staging/} of the media directory, whichever
 * store keeps the accepted photos. File operations block and run on the bounded elastic
 * scheduler.
 */
final class StagingFiles {

	private final Path dir;

	StagingFiles(Path root) {
		this.dir = root.resolve("staging");
	}

	Path dir() {
		return this.dir;
	}

	Mono<Path> newFile() {
		return Mono.fromCallable(() -> {
			Files.createDirectories(this.dir);
			return Files.createTempFile(this.dir, "upload-", ".part");
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/** Removes a staged file (nothing when it is already gone). */
	Mono<Void> discard(Path staged) {
		return Mono.fromCallable(() -> Files.deleteIfExists(staged))
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorResume(IOException.class, ex -> Mono.just(false))
			.then();
	}

}
