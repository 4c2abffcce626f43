package io.dailyetl.ingest;

import io.dailyetl.testing.WarehouseProcess;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ingest with a source for each test that needs a source of its own (a pagination style, a limit, a name of its
 * own at the warehouse), all on {@link SourceResource}'s WireMock: those tests share it, so Quarkus starts once for
 * all of them, and each test starts its runs with {@code {"source": "<name>"}}.
 */
public class SharedSources implements QuarkusTestProfile {

    /** Offset style, two records a page ({@code offset}, {@code limit=2}). */
    static final String OFFSET = "offset";
    /** Next-link style, the next page's URL at {@code next}. */
    static final String NEXT_LINK = "next-link";
    /** Cursor style, records at {@code data.items}, {@code size=2} on the first request. */
    static final String CURSOR = "cursor";
    /** Link-header style. */
    static final String LINK_HEADER = "link-header";
    /** Page style, two records a page ({@code per_page=2}), at most two pages. */
    static final String MAX_PAGES = "max-pages";
    /** Page style, under a name of its own so that the database can be made to refuse its batches alone. */
    static final String DISK_FULL = DatabaseRefusalTest.SOURCE;
    /** Page style, loading into the source whose data checks the test warehouse refuses above 20 % rejects. */
    static final String STRICT = WarehouseProcess.STRICT_SOURCE;
    /** Page style, incremental on {@code updated_at}, with an upper-bound parameter: a name of its own (its watermark). */
    static final String INCREMENTAL = IncrementalRunTest.SOURCE;
    /** Page style, incremental from an initial value, in epoch seconds: a name of its own (its watermark). */
    static final String INCREMENTAL_INITIAL = IncrementalInitialValueTest.SOURCE;

    /** Page style at {@code /auth/bearer/transactions}, {@code auth.type=bearer}. */
    static final String AUTH_BEARER = "auth-bearer";
    /** Page style at {@code /auth/auth-legacy/transactions}, with the older {@code auth-token} and no {@code auth.type}. */
    static final String AUTH_LEGACY = "auth-legacy";
    /** Page style at {@code /auth/header/transactions}, an API key in the header {@code X-Source-Key}. */
    static final String AUTH_HEADER = "auth-header";
    /** Next-link style at {@code /auth/query/transactions}, an API key in the query parameter {@code api_key}. */
    static final String AUTH_QUERY = "auth-query";
    /** Page style at {@code /auth/basic/transactions}, basic authentication. */
    static final String AUTH_BASIC = "auth-basic";
    /** Page style at {@code /auth/<name>/transactions}, OAuth2 with its token endpoint at {@code /auth/<name>/token}. */
    static final String AUTH_OAUTH = "auth-oauth";
    /** As {@link #AUTH_OAUTH}, for a source that refuses a token once. */
    static final String AUTH_OAUTH_RENEW = "auth-oauth-renew";
    /** As {@link #AUTH_OAUTH}, for a source that refuses every token. */
    static final String AUTH_OAUTH_REFUSED = "auth-oauth-refused";
    /** As {@link #AUTH_OAUTH}, for a source whose token endpoint refuses the client. */
    static final String AUTH_OAUTH_NO_TOKEN = "auth-oauth-no-token";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new LinkedHashMap<>();
        source(config, OFFSET, Map.of("pagination", "offset", "page-size", "2"));
        source(config, NEXT_LINK, Map.of("pagination", "next-link"));
        source(
                config,
                CURSOR,
                Map.of("pagination", "cursor", "size-param", "size", "page-size", "2", "records-path", "data.items"));
        source(config, LINK_HEADER, Map.of("pagination", "link-header"));
        source(config, MAX_PAGES, Map.of("max-pages", "2", "size-param", "per_page", "page-size", "2"));
        source(config, DISK_FULL, Map.of());
        source(config, STRICT, Map.of());
        source(
                config,
                INCREMENTAL,
                Map.of(
                        "incremental.enabled", "true",
                        "incremental.field", "updated_at",
                        "incremental.until-param", "updated_before",
                        "incremental.look-back", "1h"));
        source(
                config,
                INCREMENTAL_INITIAL,
                Map.of(
                        "incremental.enabled", "true",
                        "incremental.since-param", "modified_after",
                        "incremental.field", "modified",
                        "incremental.format", "epoch-seconds",
                        "incremental.initial", IncrementalInitialValueTest.INITIAL.toString(),
                        "incremental.look-back", "30m"));
        source(
                config,
                AUTH_BEARER,
                Map.of(
                        "url",
                        SourceAuthTest.url(AUTH_BEARER),
                        "auth.type",
                        "bearer",
                        "auth.token",
                        SourceAuthTest.BEARER_TOKEN));
        source(
                config,
                AUTH_LEGACY,
                Map.of("url", SourceAuthTest.url(AUTH_LEGACY), "auth-token", SourceAuthTest.LEGACY_TOKEN));
        source(
                config,
                AUTH_HEADER,
                Map.of(
                        "url",
                        SourceAuthTest.url(AUTH_HEADER),
                        "auth.type",
                        "api-key",
                        "auth.api-key",
                        SourceAuthTest.HEADER_KEY,
                        "auth.header",
                        "X-Source-Key"));
        source(
                config,
                AUTH_QUERY,
                Map.of(
                        "url", SourceAuthTest.url(AUTH_QUERY),
                        "pagination", "next-link",
                        "auth.type", "api-key",
                        "auth.api-key", SourceAuthTest.QUERY_KEY,
                        "auth.query-param", "api_key"));
        source(
                config,
                AUTH_BASIC,
                Map.of(
                        "url",
                        SourceAuthTest.url(AUTH_BASIC),
                        "auth.type",
                        "basic",
                        "auth.username",
                        "ingest",
                        "auth.password",
                        SourceAuthTest.PASSWORD));
        for (String oauth : new String[] {AUTH_OAUTH, AUTH_OAUTH_RENEW, AUTH_OAUTH_REFUSED, AUTH_OAUTH_NO_TOKEN}) {
            source(
                    config,
                    oauth,
                    Map.of(
                            "url", SourceAuthTest.url(oauth),
                            "auth.type", "oauth2",
                            "auth.token-url", SourceResource.server().baseUrl() + SourceAuthTest.tokenPath(oauth),
                            "auth.client-id", "ingest-client",
                            "auth.client-secret", SourceAuthTest.CLIENT_SECRET,
                            "auth.scope", "transactions.read",
                            "auth.audience", "https://source.example.com"));
        }
        return config;
    }

    /**
     * A source at the WireMock's {@code /transactions} with {@code keys}, and the test profile's values that
     * application.properties gives {@code ingest.source.*} (a named source has the built-in defaults otherwise).
     */
    private static void source(Map<String, String> config, String name, Map<String, String> keys) {
        String prefix = "ingest.sources." + name + ".";
        config.put(prefix + "url", SourceResource.server().baseUrl() + "/transactions");
        config.put(prefix + "retry.initial-backoff", "10ms");
        config.put(prefix + "retry.max-backoff", "2s");
        config.put(prefix + "retry.max-attempts", "3");
        config.put(prefix + "max-page-bytes", "4M");
        config.put(prefix + "page-deadline", "10s");
        keys.forEach((key, value) -> config.put(prefix + key, value));
    }
}
