package cn.luohe.grassroots.youthhome.web;

import java.time.Instant;
import java.time.LocalDate;
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

/** Requests and views of the Youth Home endpoints. */
final class YouthHomeViews {

	private static final String NOT_BLANK = "(?s).*\\S.*";

	private YouthHomeViews() {
	}

	record CreateYouthHomeRequest(@NotBlank @Size(max = 100) String name, @NotNull Long townId,
			@Nullable @Size(max = 200) String address, @Nullable @Valid LocationRequest location) {
	}

	record UpdateYouthHomeRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = NOT_BLANK) String name,
			@Nullable @Size(max = 200) String address, @Nullable @Valid LocationRequest location,
			@Nullable @Pattern(regexp = "ACTIVE|DELISTED") String status, @Nullable Boolean demonstration,
			@Nullable Boolean cloudPlatformOnboarded, @Nullable LocalDate cloudPlatformOnboardedAt) {
	}

	record CreateActivityRequest(@NotBlank @Size(max = 100) String title, @NotBlank String category,
			@NotNull @BusinessDate(ahead = false) Instant startAt, @NotNull @BusinessDate(ahead = false) Instant endAt,
			@NotNull @Min(0) @Max(100000) Integer participants, @Nullable @Size(max = 2000) String description,
			@Nullable @Valid LocationRequest location,
			@Nullable @Size(max = 9) @UniqueElements List<@NotNull @Positive Long> photoIds) {
	}

	/**
	 * A correction of an activity: null fields stay as they are; the reason is required.
	 */
	record CorrectActivityRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = NOT_BLANK) String title,
			@Nullable @Min(0) @Max(100000) Integer participants, @Nullable @Size(max = 2000) String description,
			@NotBlank @Size(max = 500) String reason) {
	}

	record CreateOrganizationRequest(@NotBlank @Size(max = 100) String name, @NotBlank String type,
			@NotNull LocalDate foundedOn) {
	}

	/**
	 * A correction of a youth organization: null fields stay as they are; the reason is
	 * required.
	 */
	record CorrectOrganizationRequest(@Nullable @Size(min = 1, max = 100) @Pattern(regexp = NOT_BLANK) String name,
			@Nullable String type, @Nullable LocalDate foundedOn, @NotBlank @Size(max = 500) String reason) {
	}

	record SignInRequest(@NotBlank @Size(max = 128) String code) {

		@Override
		public String toString() {
			return "SignInRequest[code=******]";
		}

	}

	record YouthHomeView(long id, String name, long townId, String townName, @Nullable String address,
			@Nullable LocationView location, String status, boolean demonstration, boolean cloudPlatformOnboarded,
			@Nullable LocalDate cloudPlatformOnboardedAt, @Nullable Instant delistedAt, Instant createdAt) {
	}

	record ActivityView(long id, long youthHomeId, String youthHomeName, long townId, String title, String category,
			Instant startAt, Instant endAt, int declaredParticipants, long verifiedParticipants,
			@Nullable String description, @Nullable LocationView location, List<Long> photoIds, long loggedBy,
			Instant createdAt, @Nullable Instant voidedAt, @Nullable String voidReason) {
	}

	record SignInSessionView(long activityId, boolean open, Instant openedAt, Instant closesAt,
			@Nullable Instant closedAt, long verifiedParticipants, int rotatesEverySeconds) {
	}

	record SignInCodeView(String code, Instant expiresAt, int rotatesEverySeconds) {

		@Override
		public String toString() {
			return "SignInCodeView[expiresAt=" + this.expiresAt + "]";
		}

	}

	record SignInView(long activityId, String title, long verifiedParticipants, Instant signedInAt) {
	}

	record OrganizationView(long id, long youthHomeId, String name, String type, LocalDate foundedOn, Instant createdAt,
			@Nullable Instant voidedAt, @Nullable String voidReason) {
	}

}
