package cn.luohe.grassroots.common.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the OpenAPI contract the mini-program codes against (no token needed). */
@RestController
class SpecController {

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	/**
	 * Read once at start-up: reading a jar entry per request would block an event loop.
	 */
	private final byte[] spec;

	SpecController() {
		try (InputStream in = new ClassPathResource("openapi/openapi.yaml").getInputStream()) {
			this.spec = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("openapi/openapi.yaml missing from the classpath", ex);
		}
	}

	@GetMapping("/api/v1/openapi.yaml")
	ResponseEntity<byte[]> spec() {
		return ResponseEntity.ok().contentType(YAML).body(this.spec);
	}

}
