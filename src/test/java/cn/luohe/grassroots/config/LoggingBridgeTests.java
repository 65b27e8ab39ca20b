package cn.luohe.grassroots.config;

import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.core.log.LogMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring and Spring Security log through commons-logging with lazy {@link LogMessage}s
 * and often without a level guard (e.g. {@code OrServerWebExchangeMatcher}, on every
 * request). The bridge on the class path must check the level before it renders:
 * commons-logging 1.3's own SLF4J bridge did not (the pom swaps it for jcl-over-slf4j).
 */
class LoggingBridgeTests {

	@Test
	void shouldNotRenderAMessageBelowTheLoggersLevel() {
		String name = "cn.luohe.grassroots.config.LoggingBridgeTests.quiet";
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.INFO);
		Log log = LogFactory.getLog(name);
		AtomicInteger rendered = new AtomicInteger();
		Object counting = new Object() {
			@Override
			public String toString() {
				rendered.incrementAndGet();
				return "rendered";
			}
		};

		log.debug(LogMessage.format("Trying to match using %s", counting));
		log.trace(counting);
		log.debug(counting, new IllegalStateException("not logged"));
		assertThat(rendered).hasValue(0);

		log.info(LogMessage.format("Matched %s", counting));
		assertThat(rendered).hasValue(1);
	}

}
