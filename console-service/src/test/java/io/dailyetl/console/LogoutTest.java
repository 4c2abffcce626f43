package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signing out with the built-in login: {@code POST /logout} expires the session cookie and lands on the login page.
 * The cookie is self-contained (encrypted, no server-side session), so what signing out does not do is shown too.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class LogoutTest {

    @Test
    void signingOutExpiresTheSessionCookieAndLandsOnTheLoginPageSayingSo() {
        // given the operator is logged in, on a page (whose sign-out form carries the CSRF token)
        Forms.Session operator = Forms.open("operator", "test-operator", "/runs");

        // when they sign out
        Response answer = operator.post("/logout", Map.of());

        // then the cookie is expired in the browser and the answer sends to the login page
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.header("Location")).endsWith("/login?signed-out=true");
        String expired = answer.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Login.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(expired).startsWith(Login.COOKIE + "=;").containsIgnoringCase("Max-Age=0");
        assertThat(given().get("/login?signed-out=true").asString())
                .contains("You are signed out.")
                .contains("action=\"/j_security_check\"");
    }

    @Test
    void everyPageHasTheSignOutButtonAndSigningOutNeedsALogin() {
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/runs")
                .asString();
        assertThat(page).contains("<form method=\"post\" action=\"/logout\"", "id=\"logout\"", "Sign out");

        // someone not logged in is sent to the login form, as for any page
        Response anonymous = given().redirects().follow(false).post("/logout");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.header("Location")).endsWith("/login");
    }

    @Test
    void aSignOutWithoutTheCsrfTokenIsRefusedAndLeavesTheSessionAlone() {
        // given a viewer's session, and a sign-out another site's page would post (no CSRF token)
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/runs");

        // when it is posted
        Response forged = viewer.postWithout("/logout", Map.of());

        // then it is refused, and the cookie is not expired
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith(Login.COOKIE + "="));
        assertThat(viewer.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void aCopyOfTheCookieTakenBeforeSigningOutStillOpensPagesUntilItExpires() {
        // given a session cookie copied before its user signed out (docs/console.md says what this means)
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/runs");
        String session = viewer.session();
        viewer.post("/logout", Map.of()).then().statusCode(303);

        // then the copy still opens a page: the cookie carries the session itself, so signing out clears the browser's
        // cookie, and a copy ends at its idle timeout (30 minutes) or when the session key changes
        given().redirects()
                .follow(false)
                .cookie(Login.COOKIE, session)
                .get("/")
                .then()
                .statusCode(200);
    }
}
