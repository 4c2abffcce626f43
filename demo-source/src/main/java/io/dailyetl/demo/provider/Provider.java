package io.dailyetl.demo.provider;

import io.dailyetl.demo.config.DemoConfig;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.fault.Faults;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One provider ({@code demo.providers.<name>}): its records, its faults and its authentication. Its secret is
 * compared in constant time and never shown.
 *
 * @param name   the provider's name, in its paths ({@code /providers/<name>/…})
 * @param data   its records
 * @param faults its injected faults (none until changed)
 * @param auth   how its requests authenticate
 * @param tokens its OAuth2 tokens ({@code oauth2} only, else null)
 * @param secret the SHA-256 of its secret (empty with no authentication)
 */
public record Provider(
        String name, SourceData data, Faults faults, DemoConfig.ProviderAuth auth, TokenIssuer tokens, byte[] secret) {

    /** A request to this provider's pages, as far as authentication cares. */
    public interface Request {
        /** A header's value, or null. */
        String header(String name);
    }

    /** Null when {@code request} may read this provider's pages, else what is wrong (said in a 401). */
    public String refusal(Request request) {
        return switch (auth.type()) {
            case NONE -> null;
            case BEARER -> {
                String token = bearer(request);
                yield token == null
                        ? "an Authorization: Bearer <token> header is required"
                        : matches(token) ? null : "the bearer token is not valid for this provider";
            }
            case API_KEY -> {
                String key = request.header(auth.header());
                yield key == null
                        ? "a " + auth.header() + " header with the API key is required"
                        : matches(key.trim()) ? null : "the API key is not valid for this provider";
            }
            case OAUTH2 -> {
                String token = bearer(request);
                if (token == null) {
                    yield "an Authorization: Bearer <access token> header is required (POST /providers/" + name
                            + "/oauth/token gives one)";
                }
                TokenIssuer.Refusal why = tokens.check(token);
                yield why == null
                        ? null
                        : why == TokenIssuer.Refusal.EXPIRED
                                ? "the access token has expired"
                                : "the access token is not one this provider issued (or it was revoked)";
            }
        };
    }

    /** True when {@code clientId} and {@code clientSecret} are this OAuth2 provider's client. */
    public boolean isClient(String clientId, String clientSecret) {
        return auth.type() == DemoConfig.AuthType.OAUTH2
                && auth.clientId().equals(clientId)
                && clientSecret != null
                && matches(clientSecret);
    }

    /** Client id and secret from an {@code Authorization: Basic} header, or null. */
    public static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String pair =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon < 0
                    ? null
                    : new String[] {
                        java.net.URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8)
                    };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String bearer(Request request) {
        String header = request.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }

    private boolean matches(String presented) {
        // digests have equal length, so the comparison takes the same time whatever the presented value's length
        return MessageDigest.isEqual(secret, sha256(presented));
    }

    /** The SHA-256 of {@code value} as UTF-8: what a secret is kept and compared as. */
    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "Provider[" + name + ", auth=" + auth.type() + "]";
    }
}
