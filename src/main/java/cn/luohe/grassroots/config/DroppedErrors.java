package cn.luohe.grassroots.config;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Hooks;
import reactor.netty.channel.AbortedException;

import org.springframework.stereotype.Component;

/**
 * Errors Reactor drops (signalled after a sequence ended, e.g. an answer's write to a
 * client that has already hung up). Reactor logs each at ERROR with its stack trace; a
 * client closing its connection before its answer is sent is ordinary on phones (and at
 * the end of every load run), so that is logged at DEBUG; anything else stays ERROR with
 * its stack trace. Installed once per JVM: Reactor's hooks are global.
 */
@Component
class DroppedErrors {

	private static final Logger log = LoggerFactory.getLogger(DroppedErrors.class);

	DroppedErrors() {
		Hooks.onErrorDropped(DroppedErrors::report);
	}

	static void report(Throwable error) {
		if (isClientGone(error)) {
			log.debug("Dropped after the client closed its connection: {}", error.toString());
		}
		else {
			log.error("Operator called default onErrorDropped", error);
		}
	}

	/** A write or read on a connection the client has closed. */
	static boolean isClientGone(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof AbortedException || cause instanceof ClosedChannelException
					|| (cause instanceof IOException io && io.getMessage() != null
							&& io.getMessage().contains("Connection reset by peer"))) {
				return true;
			}
		}
		return false;
	}

}
