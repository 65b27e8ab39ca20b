package cn.luohe.grassroots.screen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The typed client and the big screen's scripts are generated and compiled by Node
 * ({@code cd miniprogram-api-spec && npm ci && npm run generate}) and committed, so the
 * Java build needs no Node. This fails when they are stale: the generated types and the
 * compiled scripts must record the SHA-256 of the contract as it is now, and every
 * TypeScript source must have its compiled script.
 */
class ClientFreshnessTests {

	private static final Path SPEC_DIR = Path.of("miniprogram-api-spec");

	private static final Path COMPILED = Path.of("src/main/resources/static/screen/js");

	private static final String REGENERATE = "stale: run `cd miniprogram-api-spec && npm ci && npm run generate` and commit";

	@Test
	void theGeneratedTypesComeFromTheContractAsItIsNow() throws IOException {
		String sha = sha256(SPEC_DIR.resolve("openapi.yaml"));

		List<String> header = Files.readAllLines(SPEC_DIR.resolve("client/schema.ts")).subList(0, 2);
		assertThat(header.get(1)).as(REGENERATE).isEqualTo("// openapi.yaml sha256: " + sha);
		assertThat(Files.readString(SPEC_DIR.resolve("client/spec-hash.ts"))).as(REGENERATE)
			.contains("SPEC_SHA256 = \"" + sha + "\"");
		assertThat(Files.readString(COMPILED.resolve("client/spec-hash.js"))).as(REGENERATE)
			.contains("SPEC_SHA256 = \"" + sha + "\"");
	}

	@Test
	void everyTypeScriptSourceHasItsCompiledScript() throws IOException {
		for (String dir : List.of("client", "screen")) {
			try (Stream<Path> sources = Files.list(SPEC_DIR.resolve(dir))) {
				List<Path> ts = sources.filter(p -> p.toString().endsWith(".ts")).toList();
				assertThat(ts).isNotEmpty();
				for (Path source : ts) {
					String name = source.getFileName().toString().replaceFirst("\\.ts$", ".js");
					assertThat(COMPILED.resolve(dir).resolve(name)).as(REGENERATE).exists();
				}
			}
		}
		// the page loads the compiled screen, which imports the compiled client
		assertThat(Files.readString(Path.of("src/main/resources/static/screen/index.html")))
			.contains("/screen/js/screen/app.js");
		assertThat(Files.readString(COMPILED.resolve("screen/app.js"))).contains("../client/api.js");
	}

	private static String sha256(Path file) throws IOException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
