package cn.luohe.grassroots.config;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Operators;
import reactor.netty.channel.AbortedException;
import reactor.util.context.Context;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client gone before its answer is not an error in the log; any other dropped error is.
 */
@ExtendWith(OutputCaptureExtension.class)
class DroppedErrorsTests {

	@AfterEach
	void resetHook() {
		Hooks.resetOnErrorDropped();
	}

	@Test
	void shouldLogAClosedClientConnectionBelowErrorAndAnythingElseAsAnErrorWithItsTrace(CapturedOutput output) {
		new DroppedErrors();
		Operators.onErrorDropped(AbortedException.beforeSend(), Context.empty());
		Operators.onErrorDropped(new IllegalStateException("wrapped", new IOException("Connection reset by peer")),
				Context.empty());
		assertThat(output).doesNotContain("onErrorDropped").doesNotContain("BEFORE send");

		Operators.onErrorDropped(new IllegalStateException("a real bug"), Context.empty());
		assertThat(output).contains("ERROR").contains("onErrorDropped").contains("a real bug").contains("at ");
	}

}
