package cn.luohe.grassroots.support;

/** A user logged in through dev-login, with the access token to act as them. */
public record TestUser(long id, String displayName, String token) {

	public String bearer() {
		return "Bearer " + this.token;
	}

}
