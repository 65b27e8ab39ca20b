package cn.luohe.grassroots.firstsecretary.web;

import java.time.Instant;
import java.util.List;

import cn.luohe.grassroots.common.time.BusinessDate;
import cn.luohe.grassroots.common.web.LocationView;
import cn.luohe.grassroots.common.web.LocationRequest;
import org.hibernate.validator.constraints.UniqueElements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Requests and views of the first branch secretary endpoints. */
final class FirstSecretaryViews {

	private FirstSecretaryViews() {
	}

	record CreateThemeRequest(@NotNull Long countyId,
			@NotNull @Pattern(regexp = "\\d{4}-(0[1-9]|1[0-2])", message = "must be a month as YYYY-MM") String month,
			@NotBlank @Size(max = 100) String title, @Nullable @Size(max = 2000) String description) {
	}

	record CreateVolunteerTeamRequest(@NotNull Long countyId, @NotBlank @Size(max = 100) String name,
			@Nullable @Min(0) @Max(100000) Integer members) {
	}

	record CreateThemedEventRequest(@NotNull Long themeId, @NotNull Long villageId,
			@NotBlank @Size(max = 100) String title, @NotNull @BusinessDate(ahead = false) Instant heldAt,
			@NotNull @Min(0) @Max(100000) Integer participants, @Nullable @Size(max = 2000) String summary,
			@Nullable @Valid LocationRequest location, @Nullable Long volunteerTeamId,
			@Nullable @Size(max = 9) @UniqueElements List<@NotNull @Positive Long> photoIds) {
	}

	record ThemeView(long id, long countyId, String countyName, String month, String title,
			@Nullable String description, Instant createdAt, @Nullable Instant voidedAt, @Nullable String voidReason) {
	}

	record VolunteerTeamView(long id, long countyId, String name, @Nullable Integer members, Instant createdAt,
			@Nullable Instant voidedAt, @Nullable String voidReason) {
	}

	record ThemedEventView(long id, long themeId, String themeTitle, long villageId, String villageName, long townId,
			String title, Instant heldAt, int participants, @Nullable String summary, @Nullable LocationView location,
			@Nullable Long volunteerTeamId, List<Long> photoIds, long loggedBy, Instant createdAt,
			@Nullable Instant voidedAt, @Nullable String voidReason) {
	}

	/**
	 * A correction of a themed event: null fields stay as they are; the reason is
	 * required.
	 */
	record CorrectThemedEventRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*") String title,
			@Nullable @Min(0) @Max(100000) Integer participants, @Nullable @Size(max = 2000) String summary,
			@NotBlank @Size(max = 500) String reason) {
	}

	/** A correction of a theme: null fields stay as they are; the reason is required. */
	record CorrectThemeRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*") String title,
			@Nullable @Size(max = 2000) String description, @NotBlank @Size(max = 500) String reason) {
	}

	/**
	 * A correction of a volunteer team: null fields stay as they are; the reason is
	 * required.
	 */
	record CorrectVolunteerTeamRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = "(?s).*\\S.*") String name,
			@Nullable @Min(0) @Max(100000) Integer members, @NotBlank @Size(max = 500) String reason) {
	}

	record ThemeBriefView(long id, String title, @Nullable String description) {
	}

	record HomeItemView(long youthHomeId, String name, long activitiesLogged, int activitiesRequired, boolean done) {
	}

	record VillageItemView(long villageId, String name, @Nullable ThemeBriefView theme, boolean themedEventLogged,
			boolean done) {
	}

	record ChecklistView(String month, List<HomeItemView> youthHomes, List<VillageItemView> villages) {
	}

}
