package cn.luohe.grassroots;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract states its limits: Spectral ({@code spectral:oas} and the OWASP API
 * ruleset, pinned in {@code miniprogram-api-spec/package.json}, rules off documented in
 * {@code .spectral.yaml}) finds no error in {@code openapi.yaml}. Skipped when the Node
 * tools are not installed ({@code cd miniprogram-api-spec && npm ci}); {@code .ci/run}
 * installs and runs them.
 */
class ContractLintTests {

	private static final Path SPEC_DIR = Path.of("miniprogram-api-spec");

	@Test
	void theContractHasNoLintError() throws IOException, InterruptedException {
		Path spectral = SPEC_DIR.resolve("node_modules/.bin/spectral");
		Assumptions.assumeTrue(Files.isExecutable(spectral),
				"Spectral is not installed (cd miniprogram-api-spec && npm ci): lint skipped");
		Process process = new ProcessBuilder(spectral.toAbsolutePath().toString(), "lint", "openapi.yaml", "--ruleset",
				".spectral.yaml", "--fail-severity=error", "--display-only-failures")
			.directory(SPEC_DIR.toFile())
			.redirectErrorStream(true)
			.start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(process.exitValue()).as(new String(output, StandardCharsets.UTF_8)).isZero();
	}

}
