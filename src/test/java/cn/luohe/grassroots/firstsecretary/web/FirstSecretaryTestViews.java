package cn.luohe.grassroots.firstsecretary.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/**
 * Typed answers of the theme, volunteer-team and themed-event endpoints, as far as the
 * tests read them.
 */
final class FirstSecretaryTestViews {

	private FirstSecretaryTestViews() {
	}

	/** A county's theme of a month. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Theme(long id, String month, String countyName, String title, @Nullable String voidedAt) {
	}

	/** A county's volunteer team. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record VolunteerTeam(long id, long countyId, String name, @Nullable Integer members) {
	}

	/** A village's themed event. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record ThemedEvent(long id, long themeId, long villageId, String villageName, long townId, String title,
			@Nullable Long volunteerTeamId) {
	}

}
