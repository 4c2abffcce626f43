package io.dailyetl.console;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts the console's forms as a browser does: with the session cookie, the CSRF cookie and the CSRF token of a page
 * the person opened; redirects not followed.
 */
final class Forms {

    static final String CSRF_COOKIE = "console-csrf";
    static final String CSRF_FIELD = "csrf-token";

    private static final Pattern TOKEN = Pattern.compile("name=\"" + CSRF_FIELD + "\" value=\"([^\"]+)\"");

    /** A person's session with the CSRF cookie and token of {@code page}. */
    record Session(String session, String csrfCookie, String csrfToken) {

        /** POSTs {@code fields} with the CSRF token to {@code path}. */
        Response post(String path, Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(fields);
            all.put(CSRF_FIELD, csrfToken);
            return postWithout(path, all);
        }

        /** POSTs {@code fields} as they are (no CSRF token added) to {@code path}. */
        Response postWithout(String path, Map<String, String> fields) {
            var request = given().redirects()
                    .follow(false)
                    .cookie(Login.COOKIE, session)
                    .contentType("application/x-www-form-urlencoded");
            if (csrfCookie != null) {
                request = request.cookie(CSRF_COOKIE, csrfCookie);
            }
            fields.forEach(request::formParam);
            return request.post(path);
        }

        /** GETs {@code path} (not following redirects). */
        Response get(String path) {
            return given().redirects()
                    .follow(false)
                    .cookie(Login.COOKIE, session)
                    .get(path);
        }
    }

    private Forms() {}

    /**
     * Logs in and opens {@code page}: the CSRF token is the page's hidden field, or, where the page has no form (a
     * viewer's), the value of the CSRF cookie the console set.
     */
    static Session open(String user, String password, String page) {
        String session = Login.session(user, password);
        Response answer = given().cookie(Login.COOKIE, session).get(page);
        if (answer.statusCode() != 200) {
            throw new AssertionError(page + " answered " + answer.statusCode() + " to " + user);
        }
        String cookie = answer.getCookie(CSRF_COOKIE);
        Matcher m = TOKEN.matcher(answer.asString());
        String token = m.find() ? m.group(1) : cookie;
        return new Session(session, cookie, token);
    }
}
