package cn.luohe.grassroots.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import cn.luohe.grassroots.identity.api.Role;
import cn.luohe.grassroots.support.Responses.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Test users: logged in through the real dev-login endpoint, with role bindings written
 * straight into the database (the invitation flow itself is tested in the identity
 * tests).
 */
public final class Identities {

	private final WebTestClient client;

	private final TestServers servers;

	public Identities(WebTestClient client) {
		this(client, TestServers.get());
	}

	/** Users of an instance on {@code servers}, e.g. a database of its own. */
	public Identities(WebTestClient client, TestServers servers) {
		this.client = client;
		this.servers = servers;
	}

	public TestUser newUser(String displayName) {
		return login("test-" + UUID.randomUUID(), displayName);
	}

	public TestUser login(String openid, String displayName) {
		Session session = session(openid, displayName);
		return new TestUser(session.user().id(), displayName, session.accessToken());
	}

	/**
	 * A dev login's whole answer, its refresh token too (e.g. for a browser's storage).
	 */
	public Session session(String openid, String displayName) {
		return this.client.post()
			.uri("/api/v1/auth/dev-login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("openid", openid, "displayName", displayName))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Session.class)
			.returnResult()
			.getResponseBody();
	}

	/** Logs in through the real WeChat login against {@link FakeWeChat}. */
	public TestUser wechatLogin(String openid) {
		String code = FakeWeChat.newCode();
		FakeWeChat.get().login(code, openid, "session-key-" + UUID.randomUUID());
		Session session = this.client.post()
			.uri("/api/v1/auth/wechat-login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("code", code))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Session.class)
			.returnResult()
			.getResponseBody();
		return new TestUser(session.user().id(), session.user().displayName(), session.accessToken());
	}

	/** The id of the org with {@code code}. */
	public static long orgId(String code) {
		return orgId(TestServers.get(), code);
	}

	/** The id of the org with {@code code} in {@code servers}' database. */
	public static long orgId(TestServers servers, String code) {
		try (Connection connection = connect(servers);
				PreparedStatement select = connection.prepareStatement("SELECT id FROM org_unit WHERE code = ?")) {
			select.setString(1, code);
			try (var rows = select.executeQuery()) {
				if (!rows.next()) {
					throw new IllegalArgumentException("No org with code " + code);
				}
				return rows.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A new user holding {@code role} at the org with {@code orgCode}. */
	public TestUser withRole(Role role, String orgCode) {
		TestUser user = newUser(role.name().toLowerCase() + "@" + orgCode);
		grant(user, role, orgCode, null);
		return user;
	}

	public void grant(TestUser user, Role role, String orgCode, @Nullable Long youthHomeId) {
		try (Connection connection = connect(this.servers); PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO role_binding (user_id, role, org_id, youth_home_id, granted_at)
				SELECT ?, ?, id, ?, now() FROM org_unit WHERE code = ?
				""")) {
			insert.setLong(1, user.id());
			insert.setString(2, role.name());
			if (youthHomeId != null) {
				insert.setLong(3, youthHomeId);
			}
			else {
				insert.setNull(3, java.sql.Types.BIGINT);
			}
			insert.setString(4, orgCode);
			if (insert.executeUpdate() != 1) {
				throw new IllegalArgumentException("No org with code " + orgCode);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Connection connect() throws SQLException {
		return connect(TestServers.get());
	}

	public static Connection connect(TestServers servers) throws SQLException {
		return DriverManager.getConnection(servers.jdbcUrl(), servers.username(), servers.password());
	}

}
