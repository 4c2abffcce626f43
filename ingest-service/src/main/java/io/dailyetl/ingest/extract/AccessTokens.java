package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.SourceAuth;
import io.dailyetl.ingest.config.SourceCatalog;
import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One OAuth2 source's access tokens (client credentials grant), got from its token endpoint with Quarkus' OIDC client
 * ({@code quarkus-oidc-client}, discovery off, the token endpoint as configured). A token is kept across pages and
 * runs until {@link #SKEW} before it expires, or half its lifetime before when that is shorter (so a token of a
 * minute or less is not renewed on every page), a token without {@code expires_in} until the source refuses it; and
 * {@link #renew(String)} replaces a token the source refused. Tokens are secrets: never logged nor shown.
 */
public final class AccessTokens {

    /**
     * How long before its expiry a token is no longer used (a page request must not arrive with a dead token); at most
     * half the token's lifetime.
     */
    public static final Duration SKEW = Duration.ofSeconds(30);

    /**
     * RFC 6749's errors (5.2) that say the client's own settings are refused, as the OIDC client repeats the token
     * endpoint's answer: not worth a later attempt with the same configuration.
     */
    private static final java.util.regex.Pattern REFUSED_CLIENT = java.util.regex.Pattern.compile(
            "\"error\"\\s*:\\s*\"(invalid_client|unauthorized_client|invalid_grant|invalid_scope|"
                    + "unsupported_grant_type|invalid_request|invalid_target)\"");

    private final OidcClients clients;
    private final SourceAuth.OAuth2 auth;
    private final String keys;
    private final Duration timeout;
    private OidcClient client;
    private String token;
    /** Epoch second the current token expires at; null: no expiry given. */
    private Long expiresAt;
    /** Epoch millisecond from which the current token is renewed before use; null: no expiry given. */
    private Long renewAt;

    /**
     * The tokens of the source whose keys are under {@code keys} ({@code ingest.sources.<name>}); a token request
     * may take {@code timeout}.
     */
    public AccessTokens(OidcClients clients, SourceAuth.OAuth2 auth, String keys, Duration timeout) {
        this.clients = clients;
        this.auth = auth;
        this.keys = keys;
        this.timeout = timeout;
    }

    /** A token to send now: the kept one, or a new one when there is none or it expires within {@link #SKEW}. */
    public synchronized String current() {
        if (token == null || (renewAt != null && System.currentTimeMillis() >= renewAt)) {
            fetch(token == null ? "first token" : "token expires");
        }
        return token;
    }

    /** Replaces {@code refused} (a token the source answered 401 to) with a new one, unless that happened already. */
    public synchronized void renew(String refused) {
        if (token == null || token.equals(refused)) {
            fetch("source refused the token");
        }
    }

    /** The current token, for scrubbing text; null before the first. */
    synchronized String peek() {
        return token;
    }

    private void fetch(String why) {
        Tokens tokens;
        try {
            tokens = client().getTokens().await().atMost(timeout);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new SourceException(
                    REFUSED_CLIENT.matcher(message).find()
                            ? SourceException.Why.CLIENT_REFUSED
                            : SourceException.Why.KEPT_FAILING,
                    "could not get an OAuth2 access token from "
                            + SourceCatalog.WithoutSecrets.of(auth.tokenUrl().toString()) + " (" + keys
                            + ".auth.token-url, client-id, client-secret): "
                            + SourceAuth.scrub(message, auth.secrets()));
        }
        if (tokens == null
                || tokens.getAccessToken() == null
                || tokens.getAccessToken().isBlank()) {
            throw new SourceException("the token endpoint "
                    + SourceCatalog.WithoutSecrets.of(auth.tokenUrl().toString()) + " (" + keys
                    + ".auth.token-url) answered no access token");
        }
        long now = System.currentTimeMillis();
        token = tokens.getAccessToken();
        expiresAt = tokens.getAccessTokenExpiresAt();
        renewAt = expiresAt == null ? null : renewAt(now, expiresAt * 1000);
        Log.debugf(
                "%s: new OAuth2 access token (%s), %s",
                keys, why, expiresAt == null ? "no expiry given" : "expires at " + Instant.ofEpochSecond(expiresAt));
    }

    /** When a token got at {@code now} that expires at {@code expires} (epoch ms) is renewed before use. */
    static long renewAt(long now, long expires) {
        long lifetime = Math.max(0, expires - now);
        return expires - Math.min(SKEW.toMillis(), lifetime / 2);
    }

    private OidcClient client() {
        if (client == null) {
            String url = auth.tokenUrl().toString();
            OidcClientConfigBuilder builder = new OidcClientConfigBuilder()
                    .id("ingest-source:" + keys)
                    .authServerUrl(origin(url))
                    .discoveryEnabled(false)
                    .tokenPath(url)
                    .clientId(auth.clientId())
                    .credentials(auth.clientSecret())
                    .grant(OidcClientConfig.Grant.Type.CLIENT);
            auth.scope().ifPresent(s -> builder.scopes(words(s)));
            auth.audience().ifPresent(a -> builder.audience(words(a)));
            client = clients.newClient(builder.build()).await().atMost(timeout);
        }
        return client;
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).toList();
    }

    private static String origin(String url) {
        java.net.URI u = java.net.URI.create(url);
        return u.getScheme() + "://" + u.getRawAuthority();
    }
}
