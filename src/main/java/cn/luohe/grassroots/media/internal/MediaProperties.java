package cn.luohe.grassroots.media.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Media settings. Public only because Boot binds it.
 *
 * @param dir where the local storage keeps the files, and where uploads are staged with
 * either store (default {@code ${APP_DATA_DIR}/media})
 * @param maxFileSize largest accepted photo
 * @param store {@code local} files (the default run) or {@code s3} (several replicas)
 * @param s3 the S3-compatible store, when {@code store} is {@code s3}
 */
@ConfigurationProperties("app.media")
public record MediaProperties(@DefaultValue("./data/media") Path dir, @DefaultValue("10MB") DataSize maxFileSize,
		@DefaultValue("local") Store store, @DefaultValue S3 s3) {

	/** Where photos are kept. */
	public enum Store {

		LOCAL, S3

	}

	/**
	 * An S3-compatible object store (MinIO, the Chinese clouds' S3 APIs, AWS).
	 *
	 * @param endpoint the store's URL ({@code http://minio:9000}); blank: AWS's own for
	 * the region
	 * @param region the signing region (MinIO accepts any)
	 * @param bucket the bucket every replica shares; it must exist
	 * @param accessKey the access key; blank: the SDK's default credential chain
	 * @param secretKey the secret key (never logged)
	 * @param pathStyle {@code http://host/bucket/key} instead of
	 * {@code http://bucket.host/key} (MinIO and most self-hosted stores need it)
	 * @param connectTimeout how long a connection may take to open
	 * @param callTimeout how long one call may take until its answer begins (a photo's
	 * bytes then stream without it)
	 * @param maxConcurrency connections to the store per instance
	 */
	public record S3(@Nullable String endpoint, @DefaultValue("us-east-1") String region,
			@DefaultValue("grassroots-media") String bucket, @Nullable String accessKey, @Nullable String secretKey,
			@DefaultValue("true") boolean pathStyle, @DefaultValue("2s") Duration connectTimeout,
			@DefaultValue("10s") Duration callTimeout, @DefaultValue("64") int maxConcurrency) {

		boolean hasKeys() {
			return StringUtils.hasText(this.accessKey) && StringUtils.hasText(this.secretKey);
		}

		/** Everything but the secret, which never reaches a log. */
		@Override
		public String toString() {
			return "S3[endpoint=" + this.endpoint + ", region=" + this.region + ", bucket=" + this.bucket
					+ ", accessKey=" + this.accessKey + ", secretKey="
					+ (StringUtils.hasText(this.secretKey) ? "***" : "") + ", pathStyle=" + this.pathStyle + "]";
		}

	}

}
