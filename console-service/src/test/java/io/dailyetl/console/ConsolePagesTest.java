package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.console.ReportedRuns.Reported;
import io.dailyetl.testing.LogCapture;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The console's pages against the packaged warehouse, read with the console's reader token ({@code %test}:
 * {@code test-reader-token}), times in {@code Europe/Berlin} ({@code %test.console.zone}).
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class ConsolePagesTest {

    @Test
    void aPageWithoutALoginSendsToTheLoginPage() {
        // when someone not logged in asks for the overview
        Response answer = given().redirects().follow(false).get("/");

        // then the answer sends them to the login form
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(answer.header("Location")).endsWith("/login");
        String form = given().get("/login").then().statusCode(200).extract().asString();
        assertThat(form)
                .contains("<label for=\"j_username\">", "<label for=\"j_password\">", "autofocus")
                .contains("action=\"/j_security_check\"");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        // when the operator logs in
        Response answer = Login.post("operator", "test-operator");

        // then the session cookie cannot be read by scripts nor sent by other sites
        assertThat(answer.statusCode()).isEqualTo(302);
        String setCookie = answer.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(Login.COOKIE + "="))
                .findFirst()
                .orElseThrow();
        assertThat(setCookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict");
    }

    @Test
    void aWrongPasswordIsRefusedAndLoggedNamingTheUserNeverThePassword() {
        try (LogCapture log = LogCapture.of("io.dailyetl.console")) {
            // when someone logs in as the operator with a wrong password
            Response answer = Login.post("operator", "not-the-password-42");

            // then they are sent back to the login form, with no session, and the refusal is logged
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.header("Location")).endsWith("/login?error=true");
            assertThat(answer.getCookie(Login.COOKIE)).isNullOrEmpty();
            assertThat(log.messages()).anyMatch(m -> m.contains("login refused for user 'operator'"));
            assertThat(log.messages()).noneMatch(m -> m.contains("not-the-password-42"));
        }
        assertThat(given().get("/login?error=true").asString()).contains("Wrong user name or password.");
    }

    @Test
    void theOverviewShowsTheLastRunOfEachSourceWithItsCounts() {
        // given a source with two runs, the second one the last
        String source = ReportedRuns.uniqueSource();
        ReportedRuns.succeeded(source, null, "2026-11-20T01:00:00Z");
        Reported last = ReportedRuns.succeeded(source, null, "2026-11-21T01:00:00Z");

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the source's row links its last run, with counts in thousands and the time in the zone, UTC on hover
        assertThat(page).contains("Signed in as viewer");
        String row = page.substring(page.indexOf("data-source=\"" + source + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains("href=\"/runs/" + last.runId() + "\"", "SUCCEEDED")
                .contains("12,345", "12,000", ">300<", ">45<")
                .contains("title=\"2026-11-21T01:00:00Z\">2026-11-21 02:00:00 CET<");
    }

    @Test
    void aRunPageShowsTheConservationLineAttemptsPullAndChecksWithTheirSamples() {
        // given a run whose load failed a field rule, reported with an error that holds markup
        Reported run = ReportedRuns.succeeded(WarehouseProcess.FIELD_RULE_SOURCE, "a <b>bold</b> claim");

        // when the operator opens it
        String page = given().cookie(Login.COOKIE, Login.session("operator", "test-operator"))
                .get("/runs/{id}", run.runId())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then
        assertThat(page)
                .contains("12,345 fetched = 12,000 loaded + 300 rejected + 45 duplicates")
                .contains("11,000 inserted, 900 updated, 100 unchanged")
                .contains("the warehouse expired the load: no heartbeat for 90s", "not lost")
                .contains("INCREMENTAL", "title=\"2026-11-19T10:00:00Z\"")
                .contains("accepted-values", "status", "<code>" + run.failingId() + "</code>")
                .contains(run.loadId());
        // values are escaped: the error's markup is shown, not rendered
        assertThat(page).contains("a &lt;b&gt;bold&lt;/b&gt; claim").doesNotContain("<b>bold</b>");
    }

    @Test
    void theRunsPageFiltersBySourceAndStatus() {
        String source = ReportedRuns.uniqueSource();
        Reported run = ReportedRuns.succeeded(source, null);
        String session = Login.session("viewer", "test-viewer");

        String succeeded = given().cookie(Login.COOKIE, session)
                .get("/runs?source={s}&status=SUCCEEDED", source)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String failed = given().cookie(Login.COOKIE, session)
                .get("/runs?source={s}&status=FAILED", source)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(succeeded).contains("/runs/" + run.runId()).contains("value=\"" + source + "\"");
        assertThat(failed).doesNotContain(run.runId()).contains("No run matches");
    }

    @Test
    void anUnknownStatusIsRefusedNamingTheFieldAndAnUnknownRunIsNotFound() {
        String session = Login.session("viewer", "test-viewer");

        String refused = given().cookie(Login.COOKIE, session)
                .get("/runs?status=BROKEN")
                .then()
                .statusCode(400)
                .extract()
                .asString();
        assertThat(refused).contains("status: must be one of RUNNING, SUCCEEDED, FAILED");

        given().cookie(Login.COOKIE, session)
                .get("/runs/{id}", "00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404);
        given().cookie(Login.COOKIE, session).get("/runs/not-a-uuid").then().statusCode(404);
    }
}
