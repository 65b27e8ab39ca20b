package cn.luohe.grassroots.identity.web;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
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

	record MeView(long id, String displayName, @Nullable String phone, List<RoleView> roles) {
	}

	record TokenView(String accessToken, long expiresIn, String refreshToken, MeView user) {

		@Override
		public String toString() {
			return "TokenView[user=" + this.user.id() + "]";
		}

	}

}
