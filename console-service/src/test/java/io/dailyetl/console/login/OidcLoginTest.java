package io.dailyetl.console.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code console.login=oidc}: the authorization code flow against Quarkus' own OIDC test server (WireMock, no
 * Docker), followed as a browser does (redirects and a cookie store): a user whose {@code groups} claim holds an
 * operator value is an operator, one with a viewer value a viewer, one with neither is refused with a 403 page that
 * says so. The built-in form is off.
 */
@QuarkusTest
@TestProfile(OidcLoginTest.Oidc.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(WarehouseResource.class)
class OidcLoginTest {

    /** The console with OpenID Connect: the role from the {@code groups} claim. */
    public static class Oidc implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "console.login", "oidc",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.client-id", "console",
                    "quarkus.oidc.credentials.secret", "secret",
                    "quarkus.oidc.token.audience", "https://server.example.com",
                    "console.oidc.role-claim", "groups",
                    "console.oidc.operator-values", "etl-operators",
                    "console.oidc.viewer-values", "etl-viewers,staff",
                    // as in prod: the OIDC cookies are Secure (a browser sends them to http://localhost all the same)
                    "quarkus.oidc.authentication.cookie-force-secure", "true");
        }
    }

    @OidcWireMock
    WireMockServer provider;

    @TestHTTPResource("/")
    URL console;

    @Test
    void aUserWithAnOperatorValueInTheClaimIsAnOperator() throws Exception {
        HttpResponse<String> page = logIn("olivia", Set.of("staff", "etl-operators"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/");
        assertThat(page.body()).contains("Signed in as olivia", "<h1>Overview</h1>");
    }

    @Test
    void theOidcSessionCookieIsHttpOnlySecureAndSameSiteLax() throws Exception {
        HttpClient browser = browser();
        logIn(browser, "olivia", Set.of("etl-operators"), "/");

        Cookies cookies = (Cookies) browser.cookieHandler().orElseThrow();
        String session = cookies.set.stream()
                .filter(c -> c.startsWith("q_session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no q_session cookie among " + cookies.set));
        assertThat(session)
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("SameSite=Lax");
        // the login's state cookie too
        assertThat(cookies.set)
                .anyMatch(c -> c.startsWith("q_auth") && c.toLowerCase().contains("; secure"));
    }

    @Test
    void aUserWithAViewerValueInTheClaimIsAViewerAndCanSignOut() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> page = logIn(browser, "victor", Set.of("staff"), "/runs");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/runs");
        assertThat(page.body()).contains("Signed in as victor", "<h1>Runs</h1>");

        // when they sign out, the OIDC session cookie is gone and a page sends them to the provider again
        Matcher token =
                Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the sign-out form's CSRF token").isTrue();
        HttpResponse<String> out = browser.send(
                HttpRequest.newBuilder(console.toURI().resolve("/logout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("csrf-token=" + token.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(out.uri().getPath()).isEqualTo("/login");
        assertThat(out.body()).contains("You are signed out.", "id=\"sign-in\"").doesNotContain("j_password");
        HttpClient noRedirects = HttpClient.newBuilder()
                .cookieHandler(browser.cookieHandler().orElseThrow())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> again =
                noRedirects.send(HttpRequest.newBuilder(console.toURI()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(302);
        assertThat(again.headers().firstValue("Location").orElseThrow()).startsWith(provider.baseUrl());
    }

    @Test
    void aClaimOnlyTheAccessTokenCarriesGivesTheRoleToo() throws Exception {
        // given a provider that puts the groups into the access token only (Keycloak's realm roles by default)
        HttpResponse<String> page = logIn(
                browser(),
                "ada",
                OidcWiremockTestResource.getIdToken("ada", Set.of()),
                OidcWiremockTestResource.getAccessToken("ada", Set.of("etl-viewers")),
                "/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Signed in as ada");
    }

    @Test
    void aUserWithoutARoleValueIsRefusedWithAPageThatSaysSo() throws Exception {
        HttpResponse<String> page = logIn("nora", Set.of("marketing"));

        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(page.body())
                .contains("You are signed in as nora, but your account has no role in the console")
                .contains("claim groups", "etl-operators", "etl-viewers, staff");
    }

    @Test
    void aSignInTheProviderCannotCompleteAnswersAReadablePage() throws Exception {
        // given a provider whose token endpoint fails for this user's code
        String code = "code-of-unlucky";
        authorizesWith(code);
        provider.stubFor(post("/auth/realms/quarkus/token")
                .atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse().withStatus(500).withBody("the provider's database is down")));

        // when they open a page
        HttpResponse<String> page =
                browser().send(HttpRequest.newBuilder(console.toURI()).build(), HttpResponse.BodyHandlers.ofString());

        // then they read what happened, not a stack trace nor an error id
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.body())
                .contains("Signing in did not work", "The identity provider could not complete your sign-in")
                .doesNotContain("Exception", "Error id");
    }

    @Test
    void theBuiltInFormIsOffAndThePageSendsToTheProvider() throws Exception {
        HttpClient noRedirects = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        // a password login posted as to the built-in form is not accepted: it is sent to the provider
        HttpResponse<String> form = noRedirects.send(
                HttpRequest.newBuilder(console.toURI().resolve("/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("j_username=operator&j_password=test-operator"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(302);
        assertThat(form.headers().firstValue("Location").orElseThrow()).startsWith(provider.baseUrl());
        assertThat(form.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("console-session="));

        // and the login page offers only the provider's sign-in
        HttpResponse<String> login = noRedirects.send(
                HttpRequest.newBuilder(console.toURI().resolve("/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.body()).contains("id=\"sign-in\"").doesNotContain("j_password");
    }

    private HttpResponse<String> logIn(String user, Set<String> groups) throws Exception {
        return logIn(browser(), user, groups, "/");
    }

    /**
     * Opens {@code path} as {@code user} whose ID token has {@code groups}: the provider's authorization endpoint
     * answers at once with a code for this user (as a provider does for someone already signed in there), and its
     * token endpoint exchanges that code for the user's tokens, signed with the test server's key.
     */
    private HttpResponse<String> logIn(HttpClient browser, String user, Set<String> groups, String path)
            throws Exception {
        String token = OidcWiremockTestResource.getIdToken(user, groups);
        return logIn(browser, user, token, token, path);
    }

    /** The provider's authorization endpoint signs anyone in at once and sends the browser back with {@code code}. */
    private void authorizesWith(String code) {
        provider.stubFor(get(urlPathMatching("/auth/realms/quarkus[/]?"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(302)
                        .withHeader(
                                "Location", "{{request.query.redirect_uri}}?state={{request.query.state}}&code=" + code)
                        .withTransformers("response-template")));
    }

    /** As above, with the ID token and the access token the provider hands out for {@code user}. */
    private HttpResponse<String> logIn(HttpClient browser, String user, String idToken, String accessToken, String path)
            throws Exception {
        String code = "code-of-" + user;
        authorizesWith(code);
        provider.stubFor(post("/auth/realms/quarkus/token")
                .atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"" + accessToken + "\", \"id_token\": \"" + idToken
                                + "\", \"token_type\": \"Bearer\", \"expires_in\": 300}")));
        return browser.send(
                HttpRequest.newBuilder(console.toURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new Cookies(console.getPort()))
                .followRedirects(HttpClient.Redirect.ALWAYS)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * A browser's cookie jar for the console on {@code localhost}: like Chromium, which treats {@code http://localhost}
     * as a secure context, it sends {@code Secure} cookies there (java.net.CookieManager would not). It remembers every
     * {@code Set-Cookie} the console sent, and forgets a cookie that was expired.
     */
    static final class Cookies extends CookieHandler {

        final List<String> set = new CopyOnWriteArrayList<>();
        private final Map<String, String> jar = new ConcurrentHashMap<>();
        private final int port;

        Cookies(int port) {
            this.port = port;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
            if (uri.getPort() != port || jar.isEmpty()) {
                return Map.of();
            }
            return Map.of(
                    "Cookie",
                    List.of(jar.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; "))));
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) {
            if (uri.getPort() != port) {
                return;
            }
            for (String header : responseHeaders.getOrDefault("Set-Cookie", List.of())) {
                set.add(header);
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    jar.remove(name);
                } else {
                    jar.put(name, value);
                }
            }
        }
    }
}
