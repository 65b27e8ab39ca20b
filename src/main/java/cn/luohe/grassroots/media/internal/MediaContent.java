package cn.luohe.grassroots.media.internal;

import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;

/** A photo's bytes with what the response needs to say about them. */
public record MediaContent(String contentType, long size, Flux<DataBuffer> bytes) {
}
