package cn.luohe.grassroots.feed.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import cn.luohe.grassroots.feed.api.FeedEventType;
import org.jspecify.annotations.Nullable;

/** The fields of one Redis Stream entry: the outbox id first, then the event. */
final class StreamEntries {

	private StreamEntries() {
	}

	static Map<String, String> fields(FeedEvent event) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", Long.toString(event.id()));
		fields.put("type", event.type().name());
		fields.put("orgId", Long.toString(event.orgId()));
		fields.put("orgPath", event.orgPath());
		fields.put("orgName", event.orgName());
		if (event.townId() != null) {
			fields.put("townId", event.townId().toString());
		}
		if (event.countyId() != null) {
			fields.put("countyId", event.countyId().toString());
		}
		fields.put("actorName", event.actorName());
		fields.put("occurredAt", event.occurredAt().toString());
		fields.put("summary", event.summary());
		if (event.recordId() != null) {
			fields.put("recordId", event.recordId().toString());
		}
		if (!event.photoIds().isEmpty()) {
			fields.put("photoIds", event.photoIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
		}
		if (!event.retracts().isEmpty()) {
			fields.put("retracts", event.retracts().stream().map(String::valueOf).collect(Collectors.joining(",")));
		}
		return fields;
	}

	/** The event of an entry; throws IllegalArgumentException when it is malformed. */
	static FeedEvent event(Map<String, String> fields) {
		try {
			return new FeedEvent(Long.parseLong(required(fields, "id")),
					FeedEventType.valueOf(required(fields, "type")), Long.parseLong(required(fields, "orgId")),
					required(fields, "orgPath"), required(fields, "orgName"), optionalLong(fields.get("townId")),
					optionalLong(fields.get("countyId")), required(fields, "actorName"),
					Instant.parse(required(fields, "occurredAt")), required(fields, "summary"),
					optionalLong(fields.get("recordId")), longs(fields.get("photoIds")), longs(fields.get("retracts")));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Malformed feed stream entry (fields " + fields.keySet() + ")", ex);
		}
	}

	static Map<ByteBuffer, ByteBuffer> encode(Map<String, String> fields) {
		Map<ByteBuffer, ByteBuffer> raw = new LinkedHashMap<>();
		fields.forEach((k, v) -> raw.put(buffer(k), buffer(v)));
		return raw;
	}

	static Map<String, String> decode(Map<ByteBuffer, ByteBuffer> raw) {
		Map<String, String> fields = new LinkedHashMap<>();
		raw.forEach((k, v) -> fields.put(string(k), string(v)));
		return fields;
	}

	static ByteBuffer buffer(String value) {
		return ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
	}

	static String string(ByteBuffer buffer) {
		return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
	}

	private static String required(Map<String, String> fields, String name) {
		String value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("missing " + name);
		}
		return value;
	}

	/** Entries written before photos were carried have none. */
	private static List<Long> longs(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(value.split(",")).map(Long::valueOf).toList();
	}

	private static @Nullable Long optionalLong(@Nullable String value) {
		return (value == null || value.isEmpty()) ? null : Long.valueOf(value);
	}

}
