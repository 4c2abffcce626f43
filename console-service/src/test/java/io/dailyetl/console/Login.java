package io.dailyetl.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;

/** Logs in through the console's login form, as a browser does, and hands back the session cookie. */
final class Login {

    static final String COOKIE = "console-session";

    private Login() {}

    /** The answer of {@code POST /j_security_check} (not followed). */
    static Response post(String user, String password) {
        return given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("j_username", user)
                .formParam("j_password", password)
                .post("/j_security_check");
    }

    /** The session cookie of a successful login. */
    static String session(String user, String password) {
        Response answer = post(user, password);
        String cookie = answer.getCookie(COOKIE);
        if (cookie == null) {
            throw new AssertionError("login as " + user + " answered " + answer.statusCode() + " without a session");
        }
        return cookie;
    }
}
