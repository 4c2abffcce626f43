package io.dailyetl.console.login;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With {@code console.secure-cookie=true} (the default, off only in dev and tests) the session cookie is
 * {@code Secure} even though the console itself speaks plain HTTP (behind a proxy that ends TLS): on the login and on
 * signing out; a cookie the browser sent is not sent back.
 */
@QuarkusTest
@TestProfile(SecureCookieTest.Secure.class)
@WithTestResource(WarehouseResource.class)
class SecureCookieTest {

    /** The console as in prod: a Secure session cookie. */
    public static class Secure implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("console.secure-cookie", "true");
        }
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndSameSiteStrict() {
        // when the operator logs in over plain HTTP
        Response login = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("j_username", "operator")
                .formParam("j_password", "test-operator")
                .post("/j_security_check");

        // then the cookie may only go back over HTTPS, and scripts and other sites cannot use it
        String cookie = sessionCookie(login);
        assertThat(cookie)
                .containsIgnoringCase("; Secure")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");

        // and a page asked for with it sets no cookie, and signing out expires it, Secure too
        String session = login.getCookie("console-session");
        Response page = given().redirects()
                .follow(false)
                .cookie("console-session", session)
                .get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("console-session="));
        Matcher token =
                Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(page.asString());
        assertThat(token.find()).as("the sign-out form's CSRF token").isTrue();
        Response logout = given().redirects()
                .follow(false)
                .cookie("console-session", session)
                .cookie("console-csrf", page.getCookie("console-csrf"))
                .formParam("csrf-token", token.group(1))
                .post("/logout");
        assertThat(sessionCookie(logout)).containsIgnoringCase("Max-Age=0").containsIgnoringCase("; Secure");
    }

    private static String sessionCookie(Response answer) {
        return answer.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("console-session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no console-session cookie in " + answer.headers()));
    }
}
