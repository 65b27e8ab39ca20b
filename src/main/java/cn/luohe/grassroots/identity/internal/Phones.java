package cn.luohe.grassroots.identity.internal;

import org.jspecify.annotations.Nullable;

/** Phone numbers as anyone but their owner sees them: {@code 138****1234}. */
final class Phones {

	private Phones() {
	}

	static @Nullable String mask(@Nullable String phone) {
		if (phone == null) {
			return null;
		}
		int length = phone.length();
		if (length >= 11) {
			return phone.substring(0, 3) + "****" + phone.substring(length - 4);
		}
		// not a mainland mobile number: keeping both ends would reveal most of it
		return "****" + ((length > 4) ? phone.substring(length - 2) : "");
	}

}
