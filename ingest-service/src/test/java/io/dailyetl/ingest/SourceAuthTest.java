package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.testing.LogCapture;
import io.dailyetl.testing.WarehouseResource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each way a source authenticates, against a WireMock source that answers 401 to a request without what it expects:
 * the exact headers and query parameters every page request carries, an OAuth2 token got with the client credentials
 * grant, renewed when it is about to expire or when the source refuses it once, and no secret in a failed run's
 * error, the log or the page spans.
 */
@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class SourceAuthTest {

    static final String BEARER_TOKEN = "bearer-t0ken-4d1f";
    static final String LEGACY_TOKEN = "legacy-t0ken-2b7a";
    static final String HEADER_KEY = "header-k3y-93ab";
    static final String QUERY_KEY = "query-k3y-5e7c";
    static final String PASSWORD = "basic-passw0rd-61d2";
    static final String CLIENT_SECRET = "client-s3cret-0c8e";

    @Inject
    InMemorySpanExporter spans;

    String p;
    LocalDate day;

    /** The first page's URL of the source {@code name} of {@link SharedSources}. */
    static String url(String name) {
        return SourceResource.server().baseUrl() + path(name);
    }

    static String path(String name) {
        return "/auth/" + name + "/transactions";
    }

    static String tokenPath(String name) {
        return "/auth/" + name + "/token";
    }

    @BeforeEach
    void freshSource() {
        source().resetAll();
        p = Fixtures.uniquePrefix();
        day = Fixtures.uniqueWeek();
    }

    @Test
    void bearerTokenIsSentWithEveryPage() {
        String path = path(SharedSources.AUTH_BEARER);
        servePages(path, 2, m -> m.withHeader("Authorization", equalTo("Bearer " + BEARER_TOKEN)));

        runAndExpect(SharedSources.AUTH_BEARER, 4);

        source().verify(3, getRequestedFor(urlPathEqualTo(path)));
        source().verify(
                        3,
                        getRequestedFor(urlPathEqualTo(path))
                                .withHeader("Authorization", equalTo("Bearer " + BEARER_TOKEN)));
    }

    @Test
    void theOlderAuthTokenIsStillSentAsABearerToken() {
        String path = path(SharedSources.AUTH_LEGACY);
        servePages(path, 2, m -> m.withHeader("Authorization", equalTo("Bearer " + LEGACY_TOKEN)));

        runAndExpect(SharedSources.AUTH_LEGACY, 4);

        source().verify(3, getRequestedFor(urlPathEqualTo(path)));
        source().verify(
                        3,
                        getRequestedFor(urlPathEqualTo(path))
                                .withHeader("Authorization", equalTo("Bearer " + LEGACY_TOKEN)));
    }

    @Test
    void apiKeyInAHeaderIsSentWithEveryPageAndNothingElse() {
        String path = path(SharedSources.AUTH_HEADER);
        servePages(path, 2, m -> m.withHeader("X-Source-Key", equalTo(HEADER_KEY)));

        runAndExpect(SharedSources.AUTH_HEADER, 4);

        source().verify(3, getRequestedFor(urlPathEqualTo(path)));
        source().verify(
                        3,
                        getRequestedFor(urlPathEqualTo(path))
                                .withHeader("X-Source-Key", equalTo(HEADER_KEY))
                                .withHeader("Authorization", absent())
                                .withQueryParam("api_key", absent()));
    }

    @Test
    void basicCredentialsAreSentWithEveryPage() {
        String path = path(SharedSources.AUTH_BASIC);
        String basic =
                "Basic " + Base64.getEncoder().encodeToString(("ingest:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        servePages(path, 2, m -> m.withHeader("Authorization", equalTo(basic)));

        runAndExpect(SharedSources.AUTH_BASIC, 4);

        source().verify(3, getRequestedFor(urlPathEqualTo(path)));
        source().verify(3, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo(basic)));
    }

    @Test
    void apiKeyInAQueryParameterIsOnEveryPageNextLinksIncludedAndInNoSpan() {
        // given a source whose first page links to a page without the key, and that one to a page with the key echoed
        String path = path(SharedSources.AUTH_QUERY);
        source().stubFor(get(urlPathEqualTo(path))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("no key")));
        source().stubFor(get(urlPathEqualTo(path))
                .withQueryParam("api_key", equalTo(QUERY_KEY))
                .willReturn(ok(Map.of("results", page(1), "next", path + "/p2?x=1"))));
        source().stubFor(get(urlPathEqualTo(path + "/p2"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("no key")));
        source().stubFor(get(urlPathEqualTo(path + "/p2"))
                .withQueryParam("api_key", equalTo(QUERY_KEY))
                .willReturn(ok(Map.of(
                        "results",
                        page(2),
                        "next",
                        source().baseUrl() + path + "/p3?cursor=abc&api_key=" + QUERY_KEY))));
        source().stubFor(get(urlPathEqualTo(path + "/p3"))
                .withQueryParam("api_key", equalTo(QUERY_KEY))
                .willReturn(ok(Map.of("results", page(3)))));
        spans.reset();

        // when it is read
        Map<String, Object> run = runAndExpect(SharedSources.AUTH_QUERY, 6);

        // then each page was asked for once, each with the key once, and what its link carried
        source().verify(1, getRequestedFor(urlPathEqualTo(path)).withQueryParam("api_key", equalTo(QUERY_KEY)));
        source().verify(1, getRequestedFor(urlPathEqualTo(path + "/p2")).withQueryParam("x", equalTo("1")));
        source().verify(1, getRequestedFor(urlPathEqualTo(path + "/p2")).withQueryParam("api_key", equalTo(QUERY_KEY)));
        source().verify(1, getRequestedFor(urlPathEqualTo(path + "/p3")).withQueryParam("cursor", equalTo("abc")));
        for (LoggedRequest request : source().findAll(getRequestedFor(urlPathEqualTo(path + "/p3")))) {
            assertThat(request.getUrl()).containsOnlyOnce("api_key=");
        }
        source().verify(3, getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/auth/.*")));
        // and no page span of the run says the key, the echoed one shown as ***
        String traceId = (String) run.get("traceId");
        await().atMost(Duration.ofSeconds(20)).until(() -> pageSpans(traceId).size() == 3);
        List<String> urls = pageSpans(traceId).stream()
                .map(s -> String.valueOf(s.getAttributes().asMap().toString()))
                .toList();
        assertThat(urls)
                .as("trace %s in %s", run.get("traceId"), spans.getFinishedSpanItems())
                .hasSize(3);
        assertThat(String.join("\n", urls)).doesNotContain(QUERY_KEY).contains("api_key=***");
    }

    @Test
    void aFailedRunSaysNoKeyInItsErrorNorInTheLog() {
        // given a source that links to a page with the key, which answers 403 repeating the key
        String path = path(SharedSources.AUTH_QUERY);
        source().stubFor(get(urlPathEqualTo(path))
                .withQueryParam("api_key", equalTo(QUERY_KEY))
                .willReturn(ok(Map.of("results", page(1), "next", path + "/p2?api_key=" + QUERY_KEY))));
        source().stubFor(get(urlPathEqualTo(path + "/p2"))
                .willReturn(aResponse().withStatus(403).withBody("key " + QUERY_KEY + " may not read page 2")));
        spans.reset();

        // when it is read
        Map<String, Object> run;
        List<String> logged;
        try (LogCapture log = LogCapture.of("io.dailyetl")) {
            run = awaitRun(startRun(SharedSources.AUTH_QUERY));
            logged = log.messages();
        }

        // then it failed saying what the source answered, without the key, there or in the log or the spans
        assertThat(run.get("status")).isEqualTo("FAILED");
        String error = (String) run.get("error");
        assertThat(error).contains("answered 403", "may not read page 2", "***").doesNotContain(QUERY_KEY);
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("FAILED", "answered 403"));
        assertThat(String.join("\n", logged)).doesNotContain(QUERY_KEY);
        String traceId = (String) run.get("traceId");
        await().atMost(Duration.ofSeconds(20)).until(() -> pageSpans(traceId).size() == 2);
        assertThat(pageSpans(traceId).toString()).contains("answered 403").doesNotContain(QUERY_KEY);
        assertThat(spans.getFinishedSpanItems().toString()).doesNotContain(QUERY_KEY);
        source().verify(1, getRequestedFor(urlPathEqualTo(path + "/p2")).withQueryParam("api_key", equalTo(QUERY_KEY)));
    }

    @Test
    void oauth2TokenIsRenewedWhenItExpiresMidRunAndEveryPageIsReadOnce() {
        // given a token endpoint that gives a token living 12 s (usable for 6 s, half its life: room for a slow
        // machine between getting it and asking for page 1), then one living an hour
        String name = SharedSources.AUTH_OAUTH;
        String path = path(name);
        stubToken(name, "Started", "second", "access-a-1234", 12);
        stubToken(name, "second", "second", "access-b-5678", 3600);
        // and a source that serves four pages (the last empty) to either token, page 2 taking 7 s: the first token
        // is past half its life when page 3 is asked for
        source().stubFor(get(urlPathEqualTo(path))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401)));
        for (int page = 1; page <= 4; page++) {
            ResponseDefinitionBuilder answer = ok(Map.of("results", page <= 3 ? page(page) : List.of()));
            if (page == 2) {
                answer = answer.withFixedDelay(7000);
            }
            source().stubFor(get(urlPathEqualTo(path))
                    .withQueryParam("page", equalTo(Integer.toString(page)))
                    .withHeader(
                            "Authorization",
                            com.github.tomakehurst.wiremock.client.WireMock.matching("Bearer access-(a-1234|b-5678)"))
                    .willReturn(answer));
        }

        // when it is read
        runAndExpect(name, 6);

        // then two tokens were got with the client credentials grant, each once
        source().verify(2, postRequestedFor(urlPathEqualTo(tokenPath(name))));
        source().verify(
                        2,
                        postRequestedFor(urlPathEqualTo(tokenPath(name)))
                                .withHeader("Authorization", equalTo(clientBasic()))
                                .withFormParam("grant_type", equalTo("client_credentials"))
                                .withFormParam("scope", equalTo("transactions.read")));
        // and every page was read exactly once: the first with the first token, the third on with the renewed one
        for (int page = 1; page <= 4; page++) {
            source().verify(
                            1,
                            getRequestedFor(urlPathEqualTo(path))
                                    .withQueryParam("page", equalTo(Integer.toString(page))));
        }
        source().verify(getRequestedFor(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("1"))
                .withHeader("Authorization", equalTo("Bearer access-a-1234")));
        source().verify(getRequestedFor(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("3"))
                .withHeader("Authorization", equalTo("Bearer access-b-5678")));
        source().verify(getRequestedFor(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("4"))
                .withHeader("Authorization", equalTo("Bearer access-b-5678")));
    }

    @Test
    void oauth2TokenRefusedOnceIsRenewedOnceAndThePageAskedOnceMore() {
        // given a token endpoint that gives a new token each time
        String name = SharedSources.AUTH_OAUTH_RENEW;
        String path = path(name);
        stubToken(name, "Started", "second", "access-c-1111", 3600);
        stubToken(name, "second", "second", "access-d-2222", 3600);
        // and a source that refuses the first token (as if revoked) and serves the second
        source().stubFor(get(urlPathEqualTo(path))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401)));
        source().stubFor(get(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("1"))
                .withHeader("Authorization", equalTo("Bearer access-d-2222"))
                .willReturn(ok(Map.of("results", page(1)))));
        source().stubFor(get(urlPathEqualTo(path))
                .withQueryParam("page", equalTo("2"))
                .withHeader("Authorization", equalTo("Bearer access-d-2222"))
                .willReturn(ok(Map.of("results", List.of()))));

        // when it is read, then it succeeds with every record
        runAndExpect(name, 2);

        // and the token was renewed once, the first page asked for twice (refused, then read), the second once
        source().verify(2, postRequestedFor(urlPathEqualTo(tokenPath(name))));
        source().verify(2, getRequestedFor(urlPathEqualTo(path)).withQueryParam("page", equalTo("1")));
        source().verify(
                        1,
                        getRequestedFor(urlPathEqualTo(path))
                                .withQueryParam("page", equalTo("1"))
                                .withHeader("Authorization", equalTo("Bearer access-c-1111")));
        source().verify(1, getRequestedFor(urlPathEqualTo(path)).withQueryParam("page", equalTo("2")));
    }

    @Test
    void oauth2TokenRefusedTwiceFailsTheRunNamingTheSource() {
        // given a source that refuses every token
        String name = SharedSources.AUTH_OAUTH_REFUSED;
        String path = path(name);
        stubToken(name, "Started", "Started", "access-e-3333", 3600);
        source().stubFor(get(urlPathEqualTo(path))
                .willReturn(aResponse().withStatus(401).withBody("token refused")));

        // when it is read
        Map<String, Object> run;
        List<String> logged;
        try (LogCapture log = LogCapture.of("io.dailyetl")) {
            run = awaitRun(startRun(name));
            logged = log.messages();
        }

        // then it failed after renewing the token once and asking for the page once more, naming the source's keys
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error"))
                .contains(
                        "answered 401 again after the OAuth2 access token was renewed",
                        "the source refuses the token of ingest.sources." + name)
                .doesNotContain("access-e-3333", CLIENT_SECRET);
        source().verify(2, postRequestedFor(urlPathEqualTo(tokenPath(name))));
        source().verify(2, getRequestedFor(urlPathEqualTo(path)));
        assertThat(String.join("\n", logged)).doesNotContain("access-e-3333", CLIENT_SECRET);
    }

    @Test
    void aTokenEndpointThatRefusesTheClientFailsTheRunNamingTokenUrl() {
        // given a token endpoint that refuses the client, repeating its secret
        String name = SharedSources.AUTH_OAUTH_NO_TOKEN;
        source().stubFor(post(urlPathEqualTo(tokenPath(name)))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of(
                                "error", "invalid_client", "error_description", "bad secret " + CLIENT_SECRET)))));

        // when the source is read
        Map<String, Object> run;
        List<String> logged;
        try (LogCapture log = LogCapture.of("")) {
            run = awaitRun(startRun(name));
            logged = log.messages();
        }

        // then the run failed naming the token endpoint's key, before any page was asked for, and no secret is said;
        // its cause is the configuration (the client's credentials), which a later attempt would not change
        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat(run.get("errorKind")).isEqualTo("CONFIGURATION");
        assertThat(run.get("errorTransient")).isEqualTo(false);
        assertThat((String) run.get("error"))
                .contains("could not get an OAuth2 access token", "ingest.sources." + name + ".auth.token-url")
                .doesNotContain(CLIENT_SECRET);
        source().verify(0, getRequestedFor(urlPathEqualTo(path(name))));
        source().verify(postRequestedFor(urlPathEqualTo(tokenPath(name)))
                .withHeader("Authorization", equalTo(clientBasic()))
                .withFormParam("grant_type", equalTo("client_credentials")));
        assertThat(String.join("\n", logged)).doesNotContain(CLIENT_SECRET);
    }

    @Test
    void theSourcesListShowsNoSecret() {
        // given the sources of every auth type, one of which has an OAuth2 token by now or soon
        // when they are listed
        String answer = Fixtures.api()
                .get("/api/sources")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then each auth source is there, and none of the secrets
        assertThat(answer)
                .contains(SharedSources.AUTH_BEARER, SharedSources.AUTH_QUERY, SharedSources.AUTH_OAUTH)
                .doesNotContain(BEARER_TOKEN, LEGACY_TOKEN, HEADER_KEY, QUERY_KEY, PASSWORD, CLIENT_SECRET, "access-");
    }

    private String clientBasic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(("ingest-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    }

    /** The token endpoint of {@code name}: in scenario state {@code state}, answers {@code token} and moves on. */
    private static void stubToken(String name, String state, String next, String token, int expiresIn) {
        source().stubFor(post(urlPathEqualTo(tokenPath(name)))
                .inScenario("token " + name)
                .whenScenarioStateIs(state.equals("Started") ? Scenario.STARTED : state)
                .willSetStateTo(next)
                .willReturn(ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", expiresIn))));
    }

    private List<Map<String, Object>> page(int n) {
        return clean(p + "page" + n + "-", 2, day);
    }

    /** Page style: pages 1..{@code pages} of two records, then an empty one, each only to a request {@code auth} accepts. */
    private void servePages(String path, int pages, UnaryOperator<MappingBuilder> auth) {
        source().stubFor(get(urlPathEqualTo(path))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withBody("not authenticated")));
        for (int i = 1; i <= pages + 1; i++) {
            source().stubFor(auth.apply(get(urlPathEqualTo(path)).withQueryParam("page", equalTo(Integer.toString(i))))
                    .willReturn(ok(Map.of("results", i <= pages ? page(i) : List.of()))));
        }
    }

    private static ResponseDefinitionBuilder ok(Object body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(json(body));
    }

    private static Map<String, Object> runAndExpect(String source, int fetched) {
        Map<String, Object> run = awaitRun(startRun(source));
        assertThat(run.get("status")).as("run %s", run).isEqualTo("SUCCEEDED");
        assertThat(run).containsEntry("fetched", fetched).containsEntry("loaded", fetched);
        return run;
    }

    private List<SpanData> pageSpans(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals("source page"))
                .toList();
    }
}
