package cn.luohe.grassroots.media.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.health.contributor.Health;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * Files under {@code app.media.dir}: {@code objects/<key>} for kept photos and
 * {@code staging/} for uploads in flight. A photo appears under its key only by an atomic
 * move of a completely written file, so a reader never sees half a photo. Every file
 * operation blocks and runs on the bounded elastic scheduler.
 */
class LocalMediaStorage implements MediaStorage {

	private static final int READ_CHUNK = 64 * 1024;

	private final Path objects;

	private final StagingFiles staging;

	LocalMediaStorage(MediaProperties properties) {
		Path root = properties.dir().toAbsolutePath().normalize();
		this.objects = root.resolve("objects");
		this.staging = new StagingFiles(root);
	}

	@Override
	public Mono<Path> newStagingFile() {
		return this.staging.newFile();
	}

	@Override
	public Mono<Void> store(String key, Path staged) {
		return Mono.fromCallable(() -> {
			Path target = resolve(key);
			Files.createDirectories(target.getParent());
			Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
			return target;
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

	@Override
	public Flux<DataBuffer> read(String key, DataBufferFactory buffers) {
		return Mono.fromCallable(() -> resolve(key))
			.flatMapMany(path -> DataBufferUtils.read(path, buffers, READ_CHUNK))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Boolean> exists(String key) {
		return Mono.fromCallable(() -> Files.isRegularFile(resolve(key))).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<byte[]> readAll(String key) {
		return Mono.fromCallable(() -> Files.readAllBytes(resolve(key))).subscribeOn(Schedulers.boundedElastic());
	}

	@Override
	public Mono<Void> write(String key, byte[] bytes) {
		return Mono.fromCallable(() -> {
			Path target = resolve(key);
			Files.createDirectories(this.staging.dir());
			Path staged = Files.createTempFile(this.staging.dir(), "write-", ".part");
			try {
				Files.write(staged, bytes);
				Files.createDirectories(target.getParent());
				Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(staged);
			}
			return target;
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

	@Override
	public Mono<Void> discard(Path staged) {
		return this.staging.discard(staged);
	}

	private Path resolve(String key) {
		Path target = this.objects.resolve(key).normalize();
		if (!target.startsWith(this.objects)) {
			throw new IllegalArgumentException("Storage key leaves the media directory");
		}
		return target;
	}

	/**
	 * Up: the files are this instance's own disk, which the service needs in order to run
	 * at all.
	 */
	@Override
	public Mono<Health> health() {
		return Mono.just(Health.up().withDetail("store", "local").build());
	}

}
