package cn.luohe.grassroots.identity.web;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Requests and views of the identity endpoints. */
final class IdentityViews {

	private IdentityViews() {
	}

	record WeChatLoginRequest(@NotBlank @Size(max = 128) String code) {

		@Override
		public String toString() {
			return "WeChatLoginRequest[code=******]";
		}

	}

	record DevLoginRequest(@NotBlank @Size(max = 128) String openid, @Nullable @Size(max = 64) String displayName) {
	}

	record RefreshRequest(@NotBlank @Size(max = 256) String refreshToken) {

		@Override
		public String toString() {
			return "RefreshRequest[******]";
		}

	}

	record RenameRequest(@NotBlank @Size(max = 64) String displayName) {
	}

	record PhoneRequest(@NotBlank @Size(max = 128) String code) {

		@Override
		public String toString() {
			return "PhoneRequest[code=******]";
		}

	}

	record RoleView(long id, String role, long orgId, @Nullable Long youthHomeId) {
	}

	/**
	 * Exactly one of {@code orgId} and {@code youthHomeId} (the latter for
	 * YOUTH_HOME_MANAGER only).
	 */
	record CreateInvitationRequest(@NotNull @Pattern(regexp = ROLES, message = "must be one of " + ROLES) String role,
			@Nullable @Positive Long orgId, @Nullable @Positive Long youthHomeId,
			@Nullable @Min(1) @Max(500) Integer maxUses, @Nullable @Min(1) @Max(720) Integer expiresInHours) {
	}

	static final String ROLES = "CITY_ADMIN|CITY_LEADER|COUNTY_SECRETARY|CADRE|YOUTH_HOME_MANAGER|FIRST_SECRETARY"
			+ "|DEPARTMENT_STAFF";

	record InvitationView(String code, OffsetDateTime expiresAt) {

		@Override
		public String toString() {
			return "InvitationView[code=******]";
		}

	}

	/** Another user as admins see them: phone masked, only the bindings in scope. */
	record UserView(long id, String displayName, @Nullable String phone, List<RoleView> roles) {
	}

	record AuditView(long id, OffsetDateTime at, String event, @Nullable Long actorUserId, @Nullable Long subjectUserId,
			@Nullable Long orgId, @Nullable String detail) {
	}

	record MeView(long id, String displayName, @Nullable String phone, List<RoleView> roles) {
	}

	record TokenView(String accessToken, long expiresIn, String refreshToken, MeView user) {

		@Override
		public String toString() {
			return "TokenView[user=" + this.user.id() + "]";
		}

	}

}
