package io.dailyetl.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.ingest.config.SourceAuth;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What each auth type puts on a request, and how a URL or message is said without the key: the key as written and
 * URL-encoded, wherever the source put it.
 */
class SourceCredentialsTest {

    private static final String KEY = "k3y/with+odd=chars";

    @Test
    void anApiKeyInAQueryParameterReplacesTheOneALinkCarriesAndIsNeverSaid() {
        SourceCredentials credentials =
                new SourceCredentials(new SourceAuth.ApiKey(KEY, "X-API-Key", Optional.of("api_key")), null);
        URI link = URI.create("https://api.example.com/tx?cursor=abc&api_key=stale");

        URI sent = credentials.onto(link);

        assertThat(sent.getRawQuery()).isEqualTo("cursor=abc&api_key=k3y%2Fwith%2Bodd%3Dchars");
        assertThat(credentials.said(sent)).isEqualTo("https://api.example.com/tx?cursor=abc&api_key=***");
        assertThat(credentials.scrub("the key " + KEY + " is refused")).isEqualTo("the key *** is refused");
        // and no header carries it
        HttpRequest.Builder request = HttpRequest.newBuilder(sent);
        assertThat(credentials.sign(request)).isNull();
        assertThat(request.build().headers().map()).isEmpty();
    }

    @Test
    void eachTypeSetsItsHeader() {
        assertThat(headers(new SourceAuth.Bearer("t0ken"))).isEqualTo("{Authorization=[Bearer t0ken]}");
        assertThat(headers(new SourceAuth.ApiKey(KEY, "X-Source-Key", Optional.empty())))
                .isEqualTo("{X-Source-Key=[" + KEY + "]}");
        // RFC 7617: base64 of "user:password"
        assertThat(headers(new SourceAuth.Basic("Aladdin", "open sesame")))
                .isEqualTo("{Authorization=[Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==]}");
        assertThat(headers(new SourceAuth.None())).isEqualTo("{}");
    }

    private static String headers(SourceAuth auth) {
        SourceCredentials credentials = new SourceCredentials(auth, null);
        URI uri = URI.create("https://api.example.com/tx?page=2");
        assertThat(credentials.onto(uri)).isEqualTo(uri);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        credentials.sign(request);
        return request.build().headers().map().toString();
    }
}
