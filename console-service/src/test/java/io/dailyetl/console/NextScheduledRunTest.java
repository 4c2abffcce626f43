package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The overview's next scheduled run, read from ingest's {@code GET /api/schedule} ({@link IngestStandIn}) with the
 * console's reader token, shown in the row of the source ingest loads.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(IngestStandIn.class)
class NextScheduledRunTest {

    @Test
    void theOverviewShowsWhenIngestRunsItsSourceNext() {
        // given a run of the source ingest loads, and one of another source
        ReportedRuns.succeeded("console-scheduled", null, "2026-11-20T01:00:00Z");
        String other = ReportedRuns.uniqueSource();
        ReportedRuns.succeeded(other, null, "2026-11-20T01:00:00Z");

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then ingest was asked with the reader token, and the source's row shows its next run in the zone
        assertThat(IngestStandIn.AUTHORIZATION.get()).isEqualTo("Bearer test-reader-token");
        assertThat(row(page, "console-scheduled"))
                .contains(
                        "<td class=\"next-run\"><time datetime=\"2099-01-02T03:30:00Z\" title=\"2099-01-02T03:30:00Z\">"
                                + "2099-01-02 04:30:00 CET</time> (in ");
        // and the other source's row says ingest does not schedule it
        assertThat(row(page, other)).contains("<td class=\"next-run\">not scheduled by ingest</td>");
    }

    @Test
    void theActionsPageOffersNoBackfillAndSaysWhyWhenIngestIsNotIncremental() {
        // given an ingest that says its incremental mode is off

        // when the operator opens the actions page
        String page = given().cookie(Login.COOKIE, Login.session("operator", "test-operator"))
                .get("/actions")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then there is no backfill form, a sentence naming the setting, and the other runs are still offered
        assertThat(page)
                .doesNotContain("id=\"backfill\"", "id=\"backfill-button\"")
                .contains("id=\"backfill-off\"", "ingest.source.incremental.enabled")
                .contains("id=\"run-now-button\"", "id=\"full-pull-button\"");
    }

    private static String row(String page, String source) {
        String row = page.substring(page.indexOf("data-source=\"" + source + "\""));
        return row.substring(0, row.indexOf("</tr>"));
    }
}
