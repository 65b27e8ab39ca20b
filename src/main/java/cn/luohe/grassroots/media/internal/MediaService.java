package cn.luohe.grassroots.media.internal;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import cn.luohe.grassroots.common.db.SqlStep;
import cn.luohe.grassroots.common.error.ApiException;
import cn.luohe.grassroots.correction.api.Correctable;
import cn.luohe.grassroots.correction.api.RecordCorrections;
import cn.luohe.grassroots.correction.api.RecordKind;
import cn.luohe.grassroots.correction.api.VoidResult;
import cn.luohe.grassroots.common.id.Randoms;
import cn.luohe.grassroots.common.idempotency.Idempotency;
import cn.luohe.grassroots.common.idempotency.Idempotency.Outcome;
import cn.luohe.grassroots.common.time.BusinessClock;
import cn.luohe.grassroots.identity.api.Caller;
import cn.luohe.grassroots.media.api.AttachedRecordReadRule;
import cn.luohe.grassroots.media.api.MediaLibrary;
import cn.luohe.grassroots.moderation.api.PhotoModeration;
import cn.luohe.grassroots.moderation.api.PhotoModeration.PhotoState;
import cn.luohe.grassroots.org.api.Org;
import cn.luohe.grassroots.org.api.OrgDirectory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Uploads and serves photos. An upload is received into a staging file first (outside any
 * transaction: a slow phone must not hold a database connection), then accepted in one
 * transaction that writes the row, the idempotency key and moves the file into the store.
 * Whoever uploaded a photo may fetch it, and so may whoever may read a record it is
 * attached to (that record's own read rule).
 */
@Service
public class MediaService implements MediaLibrary {

	private static final DateTimeFormatter KEY_PREFIX = DateTimeFormatter.ofPattern("yyyy/MM/");

	private final MediaRepository media;

	private final MediaStorage storage;

	private final Idempotency idempotency;

	private final BusinessClock clock;

	private final TransactionalOperator transactions;

	private final long maxFileSize;

	/** The city: where an unattached photo's administrators are. */
	private static final String CITY_CODE = "4111";

	private final RecordCorrections corrections;

	private final OrgDirectory orgs;

	/** Thumbnails being made, by storage key: one making per photo at a time. */
	private final Map<String, Mono<Void>> making = new ConcurrentHashMap<>();

	private final Map<String, AttachedRecordReadRule> readRules;

	private final PhotoModeration moderation;

	MediaService(MediaRepository media, MediaStorage storage, Idempotency idempotency, BusinessClock clock,
			ReactiveTransactionManager transactionManager, MediaProperties properties, RecordCorrections corrections,
			OrgDirectory orgs, List<AttachedRecordReadRule> readRules, PhotoModeration moderation) {
		this.moderation = moderation;
		this.corrections = corrections;
		this.orgs = orgs;
		this.media = media;
		this.storage = storage;
		this.idempotency = idempotency;
		this.clock = clock;
		this.transactions = TransactionalOperator.create(transactionManager);
		this.maxFileSize = properties.maxFileSize().toBytes();
		this.readRules = readRules.stream()
			.collect(Collectors.toUnmodifiableMap(AttachedRecordReadRule::recordType, Function.identity()));
	}

	public Mono<Outcome<MediaDetails>> upload(Caller caller, Flux<DataBuffer> content, @Nullable String key) {
		return stage(content)
			.flatMap(staged -> accept(caller, staged, key)
				.onErrorResume(ex -> this.storage.discard(staged.path()).then(Mono.error(ex)))
				// a replay or a lost race leaves the staged copy behind: it is not needed
				.flatMap(outcome -> this.storage.discard(staged.path()).thenReturn(outcome)))
			// committed: WeChat's media check may fetch it now
			.doOnSuccess(outcome -> this.moderation.submitSoon());
	}

	private Mono<Outcome<MediaDetails>> accept(Caller caller, StagedUpload staged, @Nullable String key) {
		String contentType = ImageSniffer.contentType(staged.head());
		if (contentType == null) {
			return Mono.error(new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
					"Only JPEG, PNG and WebP photos are accepted (judged by their content)"));
		}
		Fingerprint fingerprint = new Fingerprint(staged.sha256(), staged.size());
		return this.idempotency.run(caller.userId(), key, "media.upload", fingerprint, MediaDetails.class, () -> {
			String storageKey = KEY_PREFIX.format(this.clock.today()) + Randoms.token(18);
			// the photo and its registration for WeChat's check in one statement
			return this.media
				.insert(caller.userId(), contentType, staged.size(), staged.sha256(), storageKey, this.clock.now(),
						this.moderation.registerStep("checked", "(SELECT id FROM m)", caller.userId()))
				.flatMap(id -> this.storage.store(storageKey, staged.path())
					.thenReturn(Outcome.created(new MediaDetails(id, contentType, staged.size()))));
		}).as(this.transactions::transactional);
	}

	private Mono<StagedUpload> stage(Flux<DataBuffer> content) {
		return this.storage.newStagingFile()
			.flatMap(path -> Mono
				.using(() -> new UploadReceiver(path, this.maxFileSize),
						receiver -> content.publishOn(Schedulers.boundedElastic())
							.doOnNext(receiver::write)
							.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
							.then(Mono.fromCallable(receiver::finish)),
						UploadReceiver::close)
				.onErrorResume(ex -> this.storage.discard(path).then(Mono.error(ex))));
	}

	/** The photo's bytes for a caller who may see them (403 otherwise, 404 unknown). */
	public Mono<MediaContent> open(Caller caller, long id, DataBufferFactory buffers) {
		return this.media.find(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Photo " + id)))
			.flatMap(row -> mayView(caller, row).flatMap(allowed -> {
				if (row.voidedAt() != null && !allowed) {
					return Mono.error(ApiException.notFound("Photo " + id));
				}
				if (!allowed) {
					return Mono.error(
							caller.bindings().isEmpty() ? ApiException.forbiddenRole() : ApiException.forbiddenScope());
				}
				return requireShown(caller, row).thenReturn(
						new MediaContent(row.contentType(), row.size(), this.storage.read(row.storageKey(), buffers)));
			}));
	}

	/**
	 * The photo's thumbnail (a JPEG of at most 320 px) for a caller who may see the
	 * photo, made on the first request and kept beside the photo; others see only cleared
	 * photos (404 otherwise). A photo ImageIO cannot decode (WebP) is answered whole.
	 */
	public Mono<MediaContent> thumbnail(Caller caller, long id, DataBufferFactory buffers) {
		return this.media.find(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Photo " + id)))
			.flatMap(row -> mayView(caller, row).flatMap(allowed -> {
				if (!allowed) {
					return Mono.error(
							caller.bindings().isEmpty() ? ApiException.forbiddenRole() : ApiException.forbiddenScope());
				}
				String key = thumbnailKey(row.storageKey());
				return requireShown(caller, row).then(this.storage.exists(key))
					.flatMap(made -> made ? Mono.just(true) : make(row.storageKey(), key))
					.map(made -> made ? new MediaContent("image/jpeg", -1, this.storage.read(key, buffers))
							: new MediaContent(row.contentType(), row.size(),
									this.storage.read(row.storageKey(), buffers)));
			}));
	}

	/**
	 * Content security: a photo waiting for WeChat's verdict (or an admin's) is shown to
	 * its uploader and the administrators of its records only, 404 to others; one
	 * withdrawn (risky, removed) to those administrators only, 410 to everyone else.
	 */
	private Mono<Void> requireShown(Caller caller, MediaRepository.MediaRow row) {
		return this.moderation.state(row.id()).flatMap(state -> {
			if (state == PhotoState.CLEARED || state == PhotoState.HELD && row.ownerId() == caller.userId()) {
				return Mono.<Void>empty();
			}
			return this.media.attachments(row.id())
				.any(attachment -> this.corrections.seesVoided(caller, attachment.org()))
				.flatMap(admin -> {
					if (admin) {
						return Mono.<Void>empty();
					}
					return Mono.error((state == PhotoState.WITHDRAWN)
							? new ApiException(HttpStatus.GONE, "PHOTO_WITHDRAWN",
									"The photo was withdrawn by content security")
							: ApiException.notFound("Photo " + row.id()));
				});
		});
	}

	/**
	 * The photo's bytes for WeChat's media check, through a signed expiring link (no
	 * token); 404 for a link that is not genuine or has expired.
	 */
	public Mono<MediaContent> openForCheck(long id, long expires, String signature, DataBufferFactory buffers) {
		if (!this.moderation.validLink(id, expires, signature)) {
			return Mono.error(() -> ApiException.notFound("Photo " + id));
		}
		return this.media.find(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Photo " + id)))
			.map(row -> new MediaContent(row.contentType(), row.size(), this.storage.read(row.storageKey(), buffers)));
	}

	/** Makes the thumbnail once; false when the photo cannot be decoded. */
	private Mono<Boolean> make(String photoKey, String key) {
		Mono<Void> making = this.making.computeIfAbsent(key,
				k -> this.storage.readAll(photoKey)
					.publishOn(Schedulers.boundedElastic())
					.flatMap(bytes -> Mono.fromCallable(() -> ThumbnailMaker.thumbnail(bytes)))
					.flatMap(thumbnail -> this.storage.write(k, thumbnail))
					.doFinally(signal -> this.making.remove(k))
					.cache());
		return making.then(this.storage.exists(key));
	}

	static String thumbnailKey(String storageKey) {
		return storageKey + ".thumb" + ThumbnailMaker.SIZE + ".jpg";
	}

	/**
	 * Its uploader, or whoever may read a record it is attached to, by that record's own
	 * rule ({@link AttachedRecordReadRule}; "sees the record's org" for a kind without
	 * one); a voided photo only its administrators.
	 */
	private Mono<Boolean> mayView(Caller caller, MediaRepository.MediaRow row) {
		if (row.voidedAt() != null) {
			return this.media.attachments(row.id())
				.map(MediaRepository.Attachment::org)
				.any(org -> this.corrections.seesVoided(caller, org));
		}
		if (row.ownerId() == caller.userId()) {
			return Mono.just(true);
		}
		return this.media.attachments(row.id()).concatMap(attachment -> {
			AttachedRecordReadRule rule = this.readRules.get(attachment.recordType());
			return (rule != null) ? rule.mayRead(caller, attachment.recordId())
					: Mono.just(caller.sees(attachment.org()));
		}).any(Boolean::booleanValue);
	}

	/**
	 * Voids a photo: its uploader within the amendment window, or an administrator over a
	 * record it is attached to (an unattached photo is judged at the city). It is served
	 * to its administrators only from then on, and no record may attach it again.
	 */
	@Transactional
	public Mono<VoidResult> voidPhoto(Caller caller, long id, String reason) {
		return this.media.find(id)
			.switchIfEmpty(Mono.error(() -> ApiException.notFound("Photo " + id)))
			.flatMap(row -> this.media.attachments(row.id())
				.map(MediaRepository.Attachment::org)
				.collectList()
				.flatMap(attached -> attached.stream()
					.filter(org -> this.corrections.seesVoided(caller, org))
					.findFirst()
					.or(() -> attached.stream().findFirst())
					.map(Mono::just)
					.orElseGet(() -> this.orgs.findByCode(CITY_CODE)))
				.flatMap(org -> {
					// a voided photo: its administrators, or its uploader voiding it
					// again
					if (row.voidedAt() != null && !this.corrections.seesVoided(caller, org)
							&& row.ownerId() != caller.userId()) {
						return Mono.error(ApiException.notFound("Photo " + id));
					}
					return this.corrections.voidRecord(caller,
							new Correctable(RecordKind.MEDIA, row.id(), row.ownerId(), row.createdAt(), org,
									"照片 " + row.id(), null, null, row.voidedAt() != null,
									new MediaDetails(row.id(), row.contentType(), row.size())),
							reason);
				}));
	}

	@Override
	public Mono<Void> requireOwned(long userId, List<Long> ids) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.media.findAll(ids).collectList().flatMap(rows -> {
			for (Long id : ids) {
				if (rows.stream().noneMatch(r -> r.id() == id)) {
					return Mono.error(ApiException.notFound("Photo " + id));
				}
			}
			if (rows.stream().anyMatch(r -> r.voidedAt() != null)) {
				return Mono.error(ApiException.notFound("Photo"));
			}
			if (rows.stream().anyMatch(r -> r.ownerId() != userId)) {
				return Mono.error(ApiException.unprocessable("PHOTO_NOT_OWNED",
						"Only photos uploaded by the record's author can be attached"));
			}
			return Mono.<Void>empty();
		});
	}

	@Override
	public Mono<Void> attach(List<Long> ids, String recordType, long recordId, Org org) {
		if (ids.isEmpty()) {
			return Mono.empty();
		}
		return this.media.attach(ids, recordType, recordId, org.id(), this.clock.now());
	}

	@Override
	public SqlStep attachStep(String name, List<Long> ids, String recordType, String recordIdSql, Org org) {
		if (ids.isEmpty()) {
			return SqlStep.NONE;
		}
		return MediaRepository.attachStep(name, ids, recordType, recordIdSql, org.id(), this.clock.now());
	}

	@Override
	public Mono<Void> replaceAttachments(List<Long> ids, String recordType, long recordId, Org org) {
		return this.media.detachAll(recordType, recordId).then(attach(ids, recordType, recordId, org));
	}

	/** What identifies an upload for Idempotency-Key: the same bytes. */
	record Fingerprint(String sha256, long size) {
	}

}
