package cn.luohe.grassroots.media.internal;

import java.nio.file.Path;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;

/**
 * Where photo bytes are kept. Local files by default; an S3-compatible store can take its
 * place without touching the rest of the feature.
 */
interface MediaStorage {

	/**
	 * A fresh, empty local file to receive an upload before it is accepted (on the same
	 * file system as the store, so that {@link #store} can move it atomically).
	 */
	Mono<Path> newStagingFile();

	/** Keeps the staged file's bytes under {@code key}; the staged file is consumed. */
	Mono<Void> store(String key, Path staged);

	/**
	 * The bytes kept under {@code key}, in buffers of {@code buffers} (the response's own
	 * factory, so that they need no copy on the event loop).
	 */
	Flux<DataBuffer> read(String key, DataBufferFactory buffers);

	/** Whether anything is kept under {@code key}. */
	Mono<Boolean> exists(String key);

	/** All bytes kept under {@code key} (photos are bounded by the upload limit). */
	Mono<byte[]> readAll(String key);

	/**
	 * Keeps {@code bytes} under {@code key}, replacing what is there; a reader sees the
	 * old bytes or the new ones, never half of them.
	 */
	Mono<Void> write(String key, byte[] bytes);

	/** Removes a staged file that was not accepted (nothing when it is already gone). */
	Mono<Void> discard(Path staged);

	/** The store's state, the {@code media} health component. */
	Mono<Health> health();

}
