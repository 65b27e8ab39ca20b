package cn.luohe.grassroots.media.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.common.error.FailureLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

/**
 * Photos in an S3-compatible bucket that every replica shares
 * ({@code app.media.store=s3}): the AWS SDK's async client on its own Netty transport, so
 * no thread waits for the store; a photo streams from the store into the response with
 * back-pressure. Uploads are staged in a local file first (as with local storage), then
 * put whole: an object appears complete or not at all. A store that cannot be reached or
 * answers 5xx is 503 {@code STORAGE_UNAVAILABLE} with {@code Retry-After}, logged once
 * per kind every 30 s. Its {@link #health} is the {@code media} health component (not in
 * readiness: only photos need it).
 */
class S3MediaStorage implements MediaStorage, DisposableBean {

	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	static final Duration HEALTH_TIMEOUT = Duration.ofMillis(1500);

	private static final Logger log = LoggerFactory.getLogger(S3MediaStorage.class);

	private static final FailureLog failures = new FailureLog(log, 30, TimeUnit.SECONDS);

	private final S3AsyncClient client;

	private final String bucket;

	private final StagingFiles staging;

	S3MediaStorage(MediaProperties properties) {
		MediaProperties.S3 s3 = properties.s3();
		this.client = client(s3);
		this.bucket = s3.bucket();
		this.staging = new StagingFiles(properties.dir().toAbsolutePath().normalize());
		log.info("Media kept in the S3-compatible store {}", s3);
	}

	static S3AsyncClient client(MediaProperties.S3 s3) {
		AwsCredentialsProvider credentials = s3.hasKeys()
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()))
				: DefaultCredentialsProvider.builder().build();
		S3AsyncClientBuilder builder = S3AsyncClient.builder()
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.connectionTimeout(s3.connectTimeout())
				.connectionAcquisitionTimeout(s3.callTimeout())
				.readTimeout(s3.callTimeout())
				.maxConcurrency(s3.maxConcurrency()))
			.region(Region.of(s3.region()))
			.credentialsProvider(credentials)
			.forcePathStyle(s3.pathStyle())
			// the checksums newer SDKs add by default are not understood by every
			// S3-compatible store; sent and checked only where the API requires them
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.overrideConfiguration(
					c -> c.apiCallTimeout(s3.callTimeout().multipliedBy(2)).apiCallAttemptTimeout(s3.callTimeout()));
		if (StringUtils.hasText(s3.endpoint())) {
			builder.endpointOverride(URI.create(s3.endpoint()));
		}
		return builder.build();
	}

	@Override
	public Mono<Path> newStagingFile() {
		return this.staging.newFile();
	}

	@Override
	public Mono<Void> store(String key, Path staged) {
		return call("put",
				() -> this.client.putObject(put -> put.bucket(this.bucket).key(key), AsyncRequestBody.fromFile(staged)))
			.then(this.staging.discard(staged));
	}

	@Override
	public Flux<DataBuffer> read(String key, DataBufferFactory buffers) {
		return call("get",
				() -> this.client.getObject(get -> get.bucket(this.bucket).key(key),
						AsyncResponseTransformer.toPublisher()))
			// each chunk is a fresh buffer of the SDK's: wrapped, not copied
			.onErrorMap(NotThere.class, ex -> ApiException.notFound("Photo"))
			.flatMapMany(publisher -> Flux.from(publisher).map(buffers::wrap));
	}

	@Override
	public Mono<Boolean> exists(String key) {
		return call("head", () -> this.client.headObject(head -> head.bucket(this.bucket).key(key))).map(head -> true)
			.onErrorResume(NotThere.class, ex -> Mono.just(false));
	}

	@Override
	public Mono<byte[]> readAll(String key) {
		return call("get", () -> this.client.getObject(get -> get.bucket(this.bucket).key(key),
				AsyncResponseTransformer.toBytes()))
			.map(bytes -> bytes.asByteArrayUnsafe());
	}

	@Override
	public Mono<Void> write(String key, byte[] bytes) {
		return call("put",
				() -> this.client.putObject(put -> put.bucket(this.bucket).key(key), AsyncRequestBody.fromBytes(bytes)))
			.then();
	}

	@Override
	public Mono<Void> discard(Path staged) {
		return this.staging.discard(staged);
	}

	/** The bucket answers within {@link #HEALTH_TIMEOUT}. */
	@Override
	public Mono<Health> health() {
		return Mono.fromFuture(() -> this.client.headBucket(head -> head.bucket(this.bucket)))
			.subscribeOn(Schedulers.boundedElastic())
			.map(head -> Health.up().withDetail("bucket", this.bucket).build())
			.timeout(HEALTH_TIMEOUT)
			.onErrorResume(ex -> Mono.just(Health.down()
				.withDetail("error",
						(ex instanceof java.util.concurrent.TimeoutException)
								? "no answer within " + HEALTH_TIMEOUT.toMillis() + " ms"
								: unwrap(ex).getClass().getSimpleName())
				.build()));
	}

	@Override
	public void destroy() {
		this.client.close();
	}

	private <T> Mono<T> call(String operation, Supplier<CompletableFuture<T>> request) {
		// starting a call blocks a little (credentials, a file's length, the SDK's MIME
		// table read from its jar on first use): never on an event loop. The answer and
		// the bytes then arrive on the SDK's own threads
		return Mono.fromFuture(request)
			.subscribeOn(Schedulers.boundedElastic())
			.onErrorMap(ex -> translate(operation, unwrap(ex)));
	}

	private static Throwable translate(String operation, Throwable ex) {
		if (ex instanceof NoSuchKeyException
				|| (ex instanceof S3Exception s3 && s3.statusCode() == HttpStatus.NOT_FOUND.value())) {
			return new NotThere();
		}
		if (ex instanceof SdkClientException
				|| (ex instanceof S3Exception s3 && HttpStatus.valueOf(s3.statusCode()).is5xxServerError())) {
			failures.warn("s3 " + operation + " " + ex.getClass().getName(),
					"The media store failed a " + operation + ": " + ex.getMessage());
			return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "STORAGE_UNAVAILABLE",
					"The photo store is unavailable for a moment; retry shortly")
				.retryAfter(RETRY_AFTER);
		}
		return ex;
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while (current instanceof CompletionException && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	/** No object under the key (a thumbnail not made yet). */
	static final class NotThere extends RuntimeException {

		NotThere() {
			super("No such object", null, false, false);
		}

	}

}
