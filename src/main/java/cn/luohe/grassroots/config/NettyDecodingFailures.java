package cn.luohe.grassroots.config;

import java.util.List;

import cn.luohe.grassroots.common.error.ProblemTranslator;
import cn.luohe.grassroots.common.error.ProblemTranslator.Problem;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reactor Netty answers a request it cannot decode (request line over
 * {@code server.netty.max-initial-line-length}: 414, headers over
 * {@code server.max-http-request-header-size}: 431, anything malformed: 400) itself,
 * before Spring sees it, with an empty body. This handler, next to Netty's HTTP codec,
 * gives such an answer its problem+json body. Reactor Netty 1.3 has no hook for the
 * answer's body (HttpServerOperations.sendDecodingFailures builds it), so the outgoing
 * message is rewritten: an error response of one of these statuses without a content type
 * can only be Netty's, since every answer of the service carries one.
 */
@Component
class NettyDecodingFailures implements NettyServerCustomizer {

	private static final String NAME = "grassroots.problemJson";

	private final ProblemTranslator problems;

	NettyDecodingFailures(ProblemTranslator problems) {
		this.problems = problems;
	}

	@Override
	public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
		ChannelHandler handler = new ProblemBodies(this.problems);
		return server.doOnChannelInit((observer, channel, remote) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(NAME) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, handler);
			}
		});
	}

	static Problem problemFor(int status) {
		return switch (status) {
			case 414 -> new Problem(HttpStatus.URI_TOO_LONG, "URI_TOO_LONG", "请求地址过长", List.of());
			case 431 ->
				new Problem(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "HEADERS_TOO_LARGE", "请求头过大", List.of());
			default -> new Problem(HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST", "请求格式错误，无法解析", List.of());
		};
	}

	@ChannelHandler.Sharable
	static final class ProblemBodies extends ChannelDuplexHandler {

		private final ProblemTranslator problems;

		ProblemBodies(ProblemTranslator problems) {
			this.problems = problems;
		}

		@Override
		public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
			if (msg instanceof FullHttpResponse response && isBare(response)) {
				byte[] body = this.problems.body(problemFor(response.status().code()), null);
				FullHttpResponse replaced = new DefaultFullHttpResponse(response.protocolVersion(), response.status(),
						Unpooled.wrappedBuffer(body));
				replaced.headers().set(response.headers());
				replaced.headers().set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE);
				replaced.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
				response.release();
				super.write(ctx, replaced, promise);
				return;
			}
			super.write(ctx, msg, promise);
		}

		private static boolean isBare(FullHttpResponse response) {
			int status = response.status().code();
			HttpHeaders headers = response.headers();
			return (status == 400 || status == 414 || status == 431) && !response.content().isReadable()
					&& !headers.contains(HttpHeaderNames.CONTENT_TYPE);
		}

	}

}
