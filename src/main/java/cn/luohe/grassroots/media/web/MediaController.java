package cn.luohe.grassroots.media.web;

import cn.luohe.grassroots.correction.api.ReasonRequest;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.identity.api.Caller;
import jakarta.validation.Valid;
import cn.luohe.grassroots.media.internal.MediaService;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.Part;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

@RestController
@RequestMapping("/api/v1/media")
class MediaController {

	private final MediaService media;

	private final MediaViewMapper mapper;

	MediaController(MediaService media, MediaViewMapper mapper) {
		this.media = media;
		this.mapper = mapper;
	}

	/**
	 * Any signed-in user may upload; the type is judged from the bytes, whatever the part
	 * is called or declares.
	 */
	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Mono<ResponseEntity<MediaView>> upload(@RequestPart("file") Part file,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, Caller caller) {
		return this.media.upload(caller, file.content(), key)
			.map(outcome -> ResponseEntity.status(outcome.status()).body(this.mapper.toView(outcome.body())));
	}

	/** Voids the photo: served to the administrators of its records only from then on. */
	@PostMapping("/{id}/void")
	Mono<VoidResult> voidPhoto(@PathVariable long id, @Valid @RequestBody ReasonRequest request, Caller caller) {
		return this.media.voidPhoto(caller, id, request.stripped());
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<Flux<DataBuffer>>> get(@PathVariable long id, ServerWebExchange exchange, Caller caller) {
		return this.media.open(caller, id, exchange.getResponse().bufferFactory())
			.map(content -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(content.contentType()))
				.contentLength(content.size())
				.cacheControl(CacheControl.noCache().cachePrivate())
				.header("X-Content-Type-Options", "nosniff")
				.body(content.bytes()));
	}

	/**
	 * The photo's bytes for WeChat's media check: no token, a signed link that expires
	 * (moderation hands it to WeChat).
	 */
	@GetMapping("/{id}/check-copy")
	Mono<ResponseEntity<Flux<DataBuffer>>> checkCopy(@PathVariable long id, @RequestParam long expires,
			@RequestParam String signature, ServerWebExchange exchange) {
		return this.media.openForCheck(id, expires, signature, exchange.getResponse().bufferFactory())
			.map(content -> ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(content.contentType()))
				.contentLength(content.size())
				.cacheControl(CacheControl.noStore())
				.header("X-Content-Type-Options", "nosniff")
				.body(content.bytes()));
	}

	/** A 320 px JPEG of the photo, made once; the same access rule as the photo. */
	@GetMapping("/{id}/thumbnail")
	Mono<ResponseEntity<Flux<DataBuffer>>> thumbnail(@PathVariable long id, ServerWebExchange exchange, Caller caller) {
		return this.media.thumbnail(caller, id, exchange.getResponse().bufferFactory()).map(content -> {
			ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(content.contentType()))
				.cacheControl(CacheControl.noCache().cachePrivate())
				.header("X-Content-Type-Options", "nosniff");
			if (content.size() >= 0) {
				ok.contentLength(content.size());
			}
			return ok.body(content.bytes());
		});
	}

}
