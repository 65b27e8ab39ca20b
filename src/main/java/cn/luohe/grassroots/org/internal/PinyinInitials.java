package cn.luohe.grassroots.org.internal;

import java.util.Locale;

import net.sourceforge.pinyin4j.PinyinHelper;

/**
 * The pinyin initials of a name, as a searcher types them: 五一村 is {@code wyc}, 舞泉镇
 * {@code wqz}. A character with several readings counts by its first (pinyin4j's table);
 * Latin letters and digits stay as they are (lower case), everything else is left out.
 */
public final class PinyinInitials {

	private PinyinInitials() {
	}

	public static String of(String name) {
		StringBuilder initials = new StringBuilder(name.length());
		for (char c : name.toCharArray()) {
			String[] readings = PinyinHelper.toHanyuPinyinStringArray(c);
			if (readings != null && readings.length > 0 && !readings[0].isEmpty()) {
				initials.append(readings[0].charAt(0));
			}
			else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
				initials.append(c);
			}
		}
		return initials.toString().toLowerCase(Locale.ROOT);
	}

}
