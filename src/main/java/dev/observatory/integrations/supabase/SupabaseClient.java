package dev.observatory.integrations.supabase;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.HttpReply;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderHttp;
import dev.observatory.telemetry.ProviderKey;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Supabase (PROVIDERS.md §10): every request carries the {@code apikey} header. Verify asks the
 * auth server's health with the anon key, and, when a service-role key is set, lists the storage
 * buckets with it (the call the debug-bundle archive depends on). Error wording is unconfirmed, so
 * only status codes are judged.
 */
@Component
public class SupabaseClient implements IntegrationVerifier {

	private static final String NAME = "Supabase";

	private final ProviderClients clients;

	SupabaseClient(ProviderClients clients) {
		this.clients = clients;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.SUPABASE;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			ProviderHttp http = http();
			Secret anon = this.clients.secret(EnvVar.SUPABASE_ANON_KEY);
			this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("supabase.verify",
						(rest) -> rest.get().uri("/auth/v1/health").header("apikey", anon.reveal()));
				JsonNode health = success(http, reply, EnvVar.SUPABASE_ANON_KEY).json();
				if (!health.isObject() || !health.has("version")) {
					throw reply.malformed("an auth health answer without version");
				}
				return health;
			});
			Optional<Secret> service = this.clients.env().secret(EnvVar.SUPABASE_SERVICE_ROLE_KEY);
			if (service.isEmpty()) {
				return NAME + " at " + http.host() + " accepted the anon key (no service-role key set, storage not checked)";
			}
			int buckets = this.clients.call(http, true, () -> {
				HttpReply reply = http.exchange("supabase.verify", (rest) -> rest.get()
					.uri("/storage/v1/bucket")
					.header("apikey", service.get().reveal())
					.headers((h) -> h.setBearerAuth(service.get().reveal())));
				JsonNode list = success(http, reply, EnvVar.SUPABASE_SERVICE_ROLE_KEY).json();
				if (!list.isArray()) {
					throw reply.malformed("a bucket list that is not an array");
				}
				return list.size();
			});
			return NAME + " at " + http.host() + " accepted the anon key and the service-role key (" + buckets
					+ " storage buckets)";
		});
	}

	/** Uploads (or overwrites) one object with the service-role key; its storage key ({@code bucket/path}). */
	public String upload(String bucket, String path, byte[] content, MediaType contentType) {
		ProviderHttp http = http();
		Secret service = this.clients.secret(EnvVar.SUPABASE_SERVICE_ROLE_KEY);
		return this.clients.call(http, false, () -> {
			HttpReply reply = http.exchange("supabase.storage_upload", (rest) -> rest.post()
				// pathSegment encodes the bucket; path keeps its slashes (nested objects).
				.uri((uri) -> uri.path("/storage/v1/object").pathSegment(bucket).path("/" + path).build())
				.header("apikey", service.reveal())
				.header("x-upsert", "true")
				.headers((h) -> h.setBearerAuth(service.reveal()))
				.contentType(contentType)
				.body(content));
			JsonNode stored = success(http, reply, EnvVar.SUPABASE_SERVICE_ROLE_KEY).json();
			return stored.path("Key").asString(bucket + "/" + path);
		});
	}

	private static HttpReply success(ProviderHttp http, HttpReply reply, EnvVar key) {
		if (reply.isSuccess()) {
			return reply;
		}
		if (reply.status() == 401) {
			throw ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					NAME + " at " + http.host() + " rejected " + key.name() + " (HTTP 401)");
		}
		throw http.failure(reply);
	}

	private ProviderHttp http() {
		URI base = ProviderClients.parseHttpUrl(this.clients.plain(EnvVar.SUPABASE_URL), EnvVar.SUPABASE_URL.name());
		return this.clients.http(ProviderKey.SUPABASE, NAME, base);
	}

}
