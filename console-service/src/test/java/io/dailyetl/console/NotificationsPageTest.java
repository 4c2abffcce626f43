package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The notifications page against the packaged warehouse: a FAILED run reported to it records a RUN_FAILED
 * notification in its outbox, which the console reads with its reader token.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class NotificationsPageTest {

    @Test
    void aFailedRunsNotificationIsListedWithItsRunStatusAndAttempts() {
        // given a source whose run failed: the warehouse records a RUN_FAILED notification, still PENDING
        String source = ReportedRuns.uniqueSource();
        String runId = failed(source, "the source answered 500 <three times>");

        // when the viewer opens the notifications page
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/notifications")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the notification is there: event, source, a link to its run, status and attempts; the nav links it
        assertThat(page).contains("<a href=\"/notifications\">Notifications</a>");
        int at = page.indexOf("<td>" + source + "</td>");
        assertThat(at).as("a row of source %s in:%n%s", source, page).isPositive();
        String row = page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
        assertThat(row)
                .contains("<td>RUN_FAILED</td>", "href=\"/runs/" + runId + "\"")
                .contains("class=\"PENDING\">PENDING<", "<td class=\"n\">0</td>");
        // newest first: a later failure of another source is listed above it
        String later = ReportedRuns.uniqueSource();
        failed(later, "boom");
        String again = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/notifications")
                .asString();
        assertThat(again.indexOf("<td>" + later + "</td>")).isLessThan(again.indexOf("<td>" + source + "</td>"));
    }

    @Test
    void withoutALoginTheNotificationsPageSendsToTheLogin() {
        assertThat(given().redirects().follow(false).get("/notifications").header("Location"))
                .endsWith("/login");
    }

    /** Reports a FAILED run of {@code source} to the warehouse; answers its id. */
    static String failed(String source, String error) {
        String runId = UUID.randomUUID().toString();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source);
        run.put("status", "FAILED");
        run.put("logicalDate", "2026-11-20");
        run.put("trigger", "schedule");
        run.put("startedAt", "2026-11-20T01:00:00Z");
        run.put("finishedAt", "2026-11-20T01:02:00Z");
        run.put("pages", 3);
        run.put("fetched", 0);
        run.put("loaded", 0);
        run.put("rejected", 0);
        run.put("duplicates", 0);
        run.put("retries", 2);
        run.put("error", error);
        run.put("version", 1);
        ReportedRuns.report(runId, run);
        return runId;
    }
}
