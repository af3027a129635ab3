package dev.observatory.integrations.smtp;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLException;

import dev.observatory.common.secrets.EnvVar;
import dev.observatory.common.secrets.Secret;
import dev.observatory.integrations.Diagnostic;
import dev.observatory.integrations.DiagnosticCode;
import dev.observatory.integrations.IntegrationVerifier;
import dev.observatory.integrations.client.ProviderCallException;
import dev.observatory.integrations.client.ProviderClients;
import dev.observatory.integrations.client.ProviderResilience;
import dev.observatory.telemetry.ProviderKey;
import dev.observatory.telemetry.UsageRecorder;
import dev.observatory.telemetry.UsageStatus;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * E-mail over SMTP (PROVIDERS.md §8) with Jakarta Mail. AUTH never crosses a plaintext connection:
 * port 587 requires STARTTLS (a server that does not offer it fails the check), 465 is TLS from the
 * first byte. Verify logs in and quits, sending nothing. SMTP's own rule judges failures: a 4xx
 * reply is transient and retried, a 5xx is final (535 is a bad password).
 */
@Component
public class SmtpClient implements IntegrationVerifier {

	private static final String NAME = "SMTP";

	private final ProviderClients clients;

	private final ProviderResilience resilience;

	private final UsageRecorder recorder;

	private final SmtpTls tls;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	SmtpClient(ProviderClients clients, ProviderResilience resilience, UsageRecorder recorder,
			ObjectProvider<SmtpTls> tls, @Value("${observatory.integrations.connect-timeout:3s}") Duration connectTimeout,
			@Value("${observatory.integrations.read-timeout:10s}") Duration readTimeout) {
		this.clients = clients;
		this.resilience = resilience;
		this.recorder = recorder;
		this.tls = tls.getIfAvailable(SmtpTls::system);
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
	}

	@Override
	public ProviderKey provider() {
		return ProviderKey.SMTP;
	}

	@Override
	public List<Diagnostic> verify() {
		return ProviderClients.verdict(() -> {
			Server server = server();
			run(server, "smtp.verify", true, (transport) -> {
				// Angus skips AUTH when the server offers none and calls that a success: fail closed.
				if (transport instanceof SMTPTransport smtp && !smtp.supportsExtension("AUTH")) {
					throw ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE, NAME + " server "
							+ server.display() + " offers no AUTH, so the credentials could not be checked");
				}
			});
			return NAME + " server " + server.display() + " accepted the login over " + server.security()
					+ "; nothing was sent";
		});
	}

	/** Sends one plain-text alert to every {@code ALERT_EMAIL_TO} recipient. */
	public void send(String subject, String text) {
		Server server = server();
		String from = this.clients.env().plain(EnvVar.SMTP_FROM).orElse(server.username());
		// Never retried: a failure after the message was handed over could send it twice.
		run(server, "smtp.send", false, (transport) -> {
			MimeMessage message = new MimeMessage(server.session());
			message.setFrom(new InternetAddress(from));
			message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(this.clients.plain(EnvVar.ALERT_EMAIL_TO)));
			message.setSubject(subject, "UTF-8");
			message.setText(text, "UTF-8");
			message.saveChanges();
			transport.sendMessage(message, message.getAllRecipients());
		});
	}

	private void run(Server server, String endpoint, boolean retryable, TransportWork work) {
		this.resilience.call(ProviderKey.SMTP, NAME, retryable, () -> {
			long started = System.nanoTime();
			UsageStatus outcome = UsageStatus.OK;
			try (Transport transport = server.session().getTransport()) {
				transport.connect(server.host(), server.port(), server.username(), server.password().reveal());
				work.run(transport);
				return null;
			}
			catch (MessagingException ex) {
				ProviderCallException failure = judge(server, ex);
				outcome = usageStatus(failure);
				throw failure;
			}
			catch (ProviderCallException ex) {
				outcome = usageStatus(ex);
				throw ex;
			}
			catch (RuntimeException ex) {
				outcome = UsageStatus.CLIENT_ERROR;
				throw ex;
			}
			finally {
				this.recorder.record(ProviderKey.SMTP, endpoint, outcome, null, System.nanoTime() - started, Map.of());
			}
		});
	}

	private static ProviderCallException judge(Server server, MessagingException ex) {
		String at = NAME + " server " + server.display();
		int reply = replyCode(ex);
		if (ex instanceof AuthenticationFailedException) {
			if (reply >= 400 && reply < 500) {
				return ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
						at + " could not check the login just now (reply " + reply + ")", null);
			}
			return ProviderCallException.finalFailure(DiagnosticCode.AUTH_FAILED,
					at + " rejected the user name or password" + ((reply > 0) ? " (reply " + reply + ")" : ""));
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException) {
				return ProviderCallException.transientFailure(DiagnosticCode.TIMEOUT, at + " did not answer in time", null);
			}
			if (cause instanceof SSLException) {
				return ProviderCallException.finalFailure(DiagnosticCode.TLS_ERROR,
						at + " failed the TLS handshake (" + cause.getClass().getSimpleName() + ")");
			}
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
						at + " could not be reached (" + cause.getClass().getSimpleName() + ")", null);
			}
		}
		String text = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
		if (text.contains("starttls")) {
			return ProviderCallException.finalFailure(DiagnosticCode.TLS_ERROR,
					at + " does not offer STARTTLS, and a password is never sent over a plaintext connection");
		}
		if (reply >= 400 && reply < 500) {
			return ProviderCallException.transientFailure(DiagnosticCode.PROVIDER_UNREACHABLE,
					at + " is temporarily unavailable (reply " + reply + ")", null);
		}
		return ProviderCallException.finalFailure(DiagnosticCode.UNEXPECTED_RESPONSE,
				at + " refused the session" + ((reply > 0) ? " (reply " + reply + ")" : ""));
	}

	/** The SMTP reply code at the start of the server's last answer, as Angus Mail reports it. */
	private static int replyCode(MessagingException ex) {
		String message = String.valueOf(ex.getMessage());
		java.util.regex.Matcher code = java.util.regex.Pattern.compile("(?:^|\\D)([2-5]\\d\\d)[ -]").matcher(message);
		return code.find() ? Integer.parseInt(code.group(1)) : -1;
	}

	private static UsageStatus usageStatus(ProviderCallException failure) {
		return switch (failure.code()) {
			case AUTH_FAILED -> UsageStatus.AUTH_FAILED;
			case TIMEOUT -> UsageStatus.TIMEOUT;
			case PROVIDER_UNREACHABLE, TLS_ERROR -> UsageStatus.NETWORK_ERROR;
			default -> UsageStatus.SERVER_ERROR;
		};
	}

	private Server server() {
		String host = this.clients.plain(EnvVar.SMTP_HOST).trim();
		String security = this.clients.env().plain(EnvVar.SMTP_SECURITY).map((s) -> s.trim().toLowerCase(Locale.ROOT))
			.orElse(null);
		int port;
		try {
			port = this.clients.env().plain(EnvVar.SMTP_PORT).map((p) -> Integer.parseInt(p.trim()))
				.orElse("ssl".equals(security) ? 465 : 587);
		}
		catch (NumberFormatException ex) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID, "SMTP_PORT is not a number");
		}
		if (security == null) {
			security = (port == 465) ? "ssl" : "starttls";
		}
		if (!security.equals("ssl") && !security.equals("starttls")) {
			throw ProviderCallException.finalFailure(DiagnosticCode.INTEGRATION_CONFIG_INVALID,
					"SMTP_SECURITY must be starttls or ssl (a password is never sent in plaintext)");
		}
		return new Server(host, port, security, this.clients.plain(EnvVar.SMTP_USERNAME),
				this.clients.secret(EnvVar.SMTP_PASSWORD), session(host, port, security));
	}

	private Session session(String host, int port, String security) {
		boolean ssl = security.equals("ssl");
		String protocol = ssl ? "smtps" : "smtp";
		String prefix = "mail." + protocol + ".";
		Properties properties = new Properties();
		properties.put("mail.transport.protocol", protocol);
		properties.put(prefix + "host", host);
		properties.put(prefix + "port", String.valueOf(port));
		properties.put(prefix + "auth", "true");
		properties.put(prefix + "connectiontimeout", String.valueOf(this.connectTimeout.toMillis()));
		properties.put(prefix + "timeout", String.valueOf(this.readTimeout.toMillis()));
		properties.put(prefix + "writetimeout", String.valueOf(this.readTimeout.toMillis()));
		properties.put(prefix + "ssl.socketFactory", this.tls.socketFactory());
		properties.put(prefix + "ssl.checkserveridentity", String.valueOf(this.tls.checkServerIdentity()));
		if (ssl) {
			properties.put(prefix + "ssl.enable", "true");
		}
		else {
			properties.put(prefix + "starttls.enable", "true");
			properties.put(prefix + "starttls.required", "true");
		}
		return Session.getInstance(properties);
	}

	@FunctionalInterface
	private interface TransportWork {

		void run(Transport transport) throws MessagingException;

	}

	private record Server(String host, int port, String security, String username, Secret password, Session session) {

		String display() {
			return this.host + ":" + this.port;
		}

	}

}
