package cn.luohe.grassroots.visit.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;

import cn.luohe.grassroots.common.error.ApiException;
import org.jspecify.annotations.Nullable;

/**
 * One visiting cadre's duty for a month: {@code visits} completed visits in visit week,
 * fulfilled by one.
 */
public record ComplianceItem(long userId, String displayName, boolean completed, long visits) {

	/** The chase list's order: not-yet first, then by name, then by id. */
	static final Comparator<ComplianceItem> ORDER = Comparator.comparing(ComplianceItem::completed)
		.thenComparing(ComplianceItem::displayName)
		.thenComparingLong(ComplianceItem::userId);

	/**
	 * The list's cursor after this item: its place in {@link #ORDER}
	 * ({@code <0|1>_<userId>_<base64url name>}), so a page continues after it even when
	 * the holders changed in between.
	 */
	String encode() {
		return (this.completed ? "1_" : "0_") + this.userId + "_"
				+ Base64.getUrlEncoder()
					.withoutPadding()
					.encodeToString(this.displayName.getBytes(StandardCharsets.UTF_8));
	}

	/** The position in {@code cursor} (null without one); 400 for anything else. */
	static @Nullable ComplianceItem decode(@Nullable String cursor) {
		if (cursor == null || cursor.isBlank()) {
			return null;
		}
		String[] parts = cursor.split("_", 3);
		try {
			if (parts.length == 3 && (parts[0].equals("0") || parts[0].equals("1"))) {
				String name = new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
				return new ComplianceItem(Long.parseLong(parts[1]), name, parts[0].equals("1"), 0);
			}
		}
		catch (IllegalArgumentException ex) {
			// answered below (NumberFormatException is one)
		}
		throw ApiException.invalidField("cursor", "is not a cursor this list gave");
	}

}
