package dev.observatory.security;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

import dev.observatory.test.Http;
import dev.observatory.test.ObservatoryTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Local mode (no authentication configured): loopback only, loopback callers are ADMIN, browsers still need CSRF. */
@ObservatoryTest
class LocalModeTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http("http://127.0.0.1:" + this.port);
	}

	@Test
	void loopbackCallerActsAsAdmin() {
		// A kill needs ADMIN: reaching the handler, which refuses "any" as an id (400, not 401/403), proves the role.
		assertThat(this.http.post("/api/bots/any/kill", "").status()).isEqualTo(400);
		assertThat(this.http.get("/").body()).contains("id=\"local-mode-badge\"").contains("LOCAL MODE");
	}

	@Test
	void listensOnLoopbackOnly() throws IOException {
		Optional<InetAddress> external = nonLoopbackAddress();
		assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
		try (Socket socket = new Socket()) {
			assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), this.port), 2000))
				.isInstanceOf(IOException.class);
		}
	}

	@Test
	void browserRequestWithoutCsrfTokenIsRefused() {
		Http.Response response = this.http.post("/api/bots/any/stop", "", "Origin", "http://evil.example",
				"Sec-Fetch-Site", "cross-site");
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.json().get("error_code").asString()).isEqualTo("CSRF_TOKEN_INVALID");
	}

	@Test
	void crossOriginRequestsGetNoCorsGrant() {
		Http.Response response = this.http.send("OPTIONS", "/api/system/status",
				java.net.http.HttpRequest.BodyPublishers.noBody(), "Origin", "http://evil.example",
				"Access-Control-Request-Method", "GET");
		assertThat(response.header("Access-Control-Allow-Origin")).isNull();
	}

	@Test
	void responsesCarrySecurityHeaders() {
		Http.Response response = this.http.get("/");
		assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
		assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
	}

	@Test
	void readinessIncludesTheDatabaseAndTheEmbeddedServerIsDurable() {
		Http.Response readiness = this.http.get("/actuator/health/readiness");
		assertThat(readiness.status()).isEqualTo(200);
		assertThat(readiness.json().at("/components/db/status").asString()).isEqualTo("UP");
		assertThat(this.jdbc.sql("SHOW fsync").query(String.class).single()).isEqualTo("on");
		assertThat(this.jdbc.sql("SHOW synchronous_commit").query(String.class).single()).isEqualTo("on");
	}

	private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter((nic) -> {
				try {
					return nic.isUp() && !nic.isLoopback();
				}
				catch (SocketException ex) {
					return false;
				}
			})
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address)
			.findFirst();
	}

}
