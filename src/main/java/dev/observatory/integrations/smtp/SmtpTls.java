package dev.observatory.integrations.smtp;

import javax.net.ssl.SSLSocketFactory;

/**
 * How the e-mail client makes TLS connections: the JVM's trust store and a host-name check in
 * production. Tests supply one that trusts their in-process server's self-signed certificate.
 *
 * @param socketFactory the factory for implicit TLS and for the STARTTLS upgrade
 * @param checkServerIdentity whether the certificate must name the host
 */
public record SmtpTls(SSLSocketFactory socketFactory, boolean checkServerIdentity) {

	public static SmtpTls system() {
		return new SmtpTls((SSLSocketFactory) SSLSocketFactory.getDefault(), true);
	}

}
