package cn.luohe.grassroots.common.security;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's strict firewall with its own rules for header names, header values
 * and parameter names, checked without a regex. Its defaults match each string against
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (values also allow a tab), and the firewall
 * checks every header the service reads on every request: 2.7 % of a check-in's CPU
 * samples, half of it in the regex engine (JFR, 12-05, docs/performance.md). The rule is
 * the same: every code point assigned and none a control character (Unicode Cc), as
 * {@code RequestFirewallTests} proves code point by code point against the library's own
 * predicates. The security chain and the feed's stream filter both use this one.
 */
public final class RequestFirewall {

	/** Header and parameter names: assigned, no control character. */
	static final Predicate<@Nullable String> NAMES = name -> assignedAndNotControl(name, false);

	/** Header values: as names, and a tab is allowed. */
	static final Predicate<@Nullable String> HEADER_VALUES = value -> assignedAndNotControl(value, true);

	private RequestFirewall() {
	}

	/** A new firewall with these rules and the library's others. */
	public static StrictServerWebExchangeFirewall create() {
		StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
		firewall.setAllowedHeaderNames(NAMES);
		firewall.setAllowedHeaderValues(HEADER_VALUES);
		firewall.setAllowedParameterNames(NAMES);
		return firewall;
	}

	/** Null (an absent header or parameter) passes, as with the library's rules. */
	private static boolean assignedAndNotControl(@Nullable String text, boolean tabAllowed) {
		if (text == null) {
			return true;
		}
		int length = text.length();
		int i = 0;
		while (i < length) {
			char c = text.charAt(i);
			// printable ASCII, nearly every character of a real request, needs no lookup
			if (c >= 0x20 && c < 0x7F) {
				i++;
				continue;
			}
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabAllowed && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
