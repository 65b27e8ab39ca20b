package cn.luohe.grassroots.support;

import java.net.URI;
import java.util.Map;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.TransientApiMetadata;

/**
 * A real S3-compatible server in the test JVM: S3Proxy (the AWS S3 REST API with V2/V4
 * signatures, on Jetty) over jclouds' transient in-memory blob store, on a loopback port.
 * MinIO would need a Docker engine, which CI here does not have. It can be stopped and
 * started again on the same port with the same objects (a store outage).
 */
public final class TestS3 implements AutoCloseable {

	public static final String ACCESS_KEY = "grassroots-test";

	public static final String SECRET_KEY = "grassroots-test-secret-key";

	public static final String BUCKET = "grassroots-media";

	private final BlobStoreContext context;

	private int port;

	private S3Proxy proxy;

	private TestS3() throws Exception {
		this.context = ContextBuilder.newBuilder(new TransientApiMetadata())
			.credentials("identity", "credential")
			.build(BlobStoreContext.class);
		this.context.getBlobStore().createContainerInLocation(null, BUCKET);
		this.proxy = proxy(0);
		this.port = this.proxy.getPort();
	}

	/** A server with an empty bucket {@link #BUCKET}. */
	public static TestS3 start() {
		try {
			return new TestS3();
		}
		catch (Exception ex) {
			throw new IllegalStateException("S3Proxy did not start", ex);
		}
	}

	private S3Proxy proxy(int port) throws Exception {
		S3Proxy proxy = S3Proxy.builder()
			.blobStore(this.context.getBlobStore())
			.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
			.endpoint(URI.create("http://127.0.0.1:" + port))
			.jettyMaxThreads(32)
			.build();
		proxy.start();
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return proxy;
	}

	/** The settings an instance of the service needs to keep its media here. */
	public Map<String, String> properties() {
		return Map.of("app.media.store", "s3", "app.media.s3.endpoint", endpoint(), "app.media.s3.region", "us-east-1",
				"app.media.s3.bucket", BUCKET, "app.media.s3.access-key", ACCESS_KEY, "app.media.s3.secret-key",
				SECRET_KEY, "app.media.s3.path-style", "true");
	}

	public String endpoint() {
		return "http://127.0.0.1:" + this.port;
	}

	public BlobStore blobs() {
		return this.context.getBlobStore();
	}

	/** The store goes away: connections to its port are refused. */
	public void stop() throws Exception {
		this.proxy.stop();
	}

	/** The store comes back on the same port with the same objects. */
	public void restart() throws Exception {
		this.proxy = proxy(this.port);
	}

	@Override
	public void close() throws Exception {
		try {
			this.proxy.stop();
		}
		finally {
			this.context.close();
		}
	}

}
