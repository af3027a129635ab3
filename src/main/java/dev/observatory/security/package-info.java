/**
 * Who may do what: bearer JWTs (an OIDC issuer's JWK set, or Supabase Auth), automation tokens
 * configured as SHA-256 hashes, browser sessions opened with such a token, and "local mode" (no
 * authentication configured: loopback only, loopback callers are ADMIN). Roles are VIEWER,
 * OPERATOR and ADMIN, each including the one before.
 */
@NullMarked
package dev.observatory.security;

import org.jspecify.annotations.NullMarked;
