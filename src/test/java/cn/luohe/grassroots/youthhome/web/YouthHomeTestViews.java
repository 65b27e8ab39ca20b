package cn.luohe.grassroots.youthhome.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;

/** Typed answers of the Youth Home endpoints, as far as the tests read them. */
final class YouthHomeTestViews {

	private YouthHomeTestViews() {
	}

	/** A registered home. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record YouthHome(long id, String name, String townName, String status, boolean demonstration,
			boolean cloudPlatformOnboarded, @Nullable String cloudPlatformOnboardedAt, @Nullable String delistedAt,
			@Nullable Location location) {
	}

	/** A home's or an activity's location. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Location(double lat, double lng, @Nullable Double accuracy, @Nullable String coordSystem) {
	}

	/**
	 * An activity with every field of its contract, so that a replayed answer can be
	 * compared whole with the first.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record Activity(long id, long youthHomeId, String youthHomeName, long townId, String title, String category,
			String startAt, String endAt, int declaredParticipants, int verifiedParticipants,
			@Nullable String description, @Nullable Location location, List<Long> photoIds, long loggedBy,
			String createdAt, @Nullable String voidedAt, @Nullable String voidReason) {
	}

	/** The state of an activity's sign-in. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SignInSession(boolean open, String closesAt, int rotatesEverySeconds) {
	}

	/** The current rotating sign-in code. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SignInCode(String code, int rotatesEverySeconds) {
	}

	/** A participant's sign-in. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record SignIn(long activityId, String title, int verifiedParticipants) {
	}

}
