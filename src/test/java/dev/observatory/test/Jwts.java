package dev.observatory.test;

import java.time.Instant;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signs JWTs the way Observatory's issuers would: HS256 (Supabase Auth) or RS256 (an OIDC issuer). */
public final class Jwts {

	private Jwts() {
	}

	public static String hs256(String secret, String subject, Map<String, Object> claims) {
		try {
			return sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
					new JWSHeader(JWSAlgorithm.HS256), subject, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String rs256(RSAKey key, String subject, Map<String, Object> claims) {
		try {
			return sign(new RSASSASigner(key), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					subject, claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String sign(JWSSigner signer, JWSHeader header, String subject, Map<String, Object> claims)
			throws JOSEException {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject)
			.issueTime(java.util.Date.from(Instant.now()))
			.expirationTime(java.util.Date.from(Instant.now().plusSeconds(600)));
		claims.forEach(builder::claim);
		SignedJWT jwt = new SignedJWT(header, builder.build());
		jwt.sign(signer);
		return jwt.serialize();
	}

}
