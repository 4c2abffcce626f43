package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.config.SourceAuth;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a source's requests carry to authenticate, as its {@link SourceAuth} says: a bearer token, an API key (in a
 * header, or in a query parameter of every page request, next links and cursor URLs included), basic credentials, or
 * an OAuth2 access token ({@link AccessTokens}). Made once per source; {@link #scrub(String)} takes its secrets out
 * of any text about to be logged, traced or shown.
 */
public final class SourceCredentials {

    /** No authentication (the warm-up's loopback pages, a source without {@code auth.*}). */
    public static final SourceCredentials NONE = new SourceCredentials(new SourceAuth.None(), null);

    private final SourceAuth auth;
    private final AccessTokens tokens;

    /** The credentials of {@code auth}; {@code tokens} gets the access tokens of an OAuth2 source (else null). */
    public SourceCredentials(SourceAuth auth, AccessTokens tokens) {
        if (auth instanceof SourceAuth.OAuth2 && tokens == null) {
            throw new IllegalArgumentException("an OAuth2 source needs its access tokens");
        }
        this.auth = auth;
        this.tokens = tokens;
    }

    /** The URI a page request goes to: {@code uri} with the API key's query parameter set, if the key goes there. */
    URI onto(URI uri) {
        if (auth instanceof SourceAuth.ApiKey key && key.queryParam().isPresent()) {
            return SourceUris.withParams(uri, key.queryParam().get(), key.key());
        }
        return uri;
    }

    /** Adds the headers that authenticate a request; answers the OAuth2 access token sent, else null. */
    String sign(HttpRequest.Builder request) {
        if (auth instanceof SourceAuth.Bearer b) {
            request.header("Authorization", "Bearer " + b.token());
        } else if (auth instanceof SourceAuth.ApiKey k) {
            if (k.queryParam().isEmpty()) {
                request.header(k.header(), k.key());
            }
        } else if (auth instanceof SourceAuth.Basic b) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8)));
        } else if (auth instanceof SourceAuth.OAuth2) {
            String token = tokens.current();
            request.header("Authorization", "Bearer " + token);
            return token;
        }
        return null;
    }

    /** Whether a 401 may be a token that ran out early: an OAuth2 source renews its token once and asks again. */
    boolean renewable() {
        return tokens != null;
    }

    /** Replaces the access token the source refused. */
    void renew(String refused) {
        tokens.renew(refused);
    }

    /** {@code text} with this source's secrets (configured ones and the current access token) hidden. */
    public String scrub(String text) {
        List<String> secrets = new ArrayList<>(auth.secrets());
        if (tokens != null && tokens.peek() != null) {
            secrets.add(tokens.peek());
        }
        return SourceAuth.scrub(text, secrets);
    }

    /** {@code uri} as it may be logged, traced or shown. */
    public String said(URI uri) {
        return uri == null ? "null" : scrub(uri.toString());
    }
}
