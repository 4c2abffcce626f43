package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An overview of which the warehouse answers only a part: the console holds a token (a loader's) that may read runs
 * and watermarks but not the list of loads nor rejects. The open loads' cell and a run's rejects say they could not
 * be read; the rest shows.
 */
@QuarkusTest
@TestProfile(PartialAnswersTest.LoaderToken.class)
@WithTestResource(WarehouseResource.class)
class PartialAnswersTest {

    /** The console reads with the warehouse's loader token, and has no trace link. */
    public static class LoaderToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pipeline.warehouse-token", WarehouseProcess.LOADER_TOKEN, "console.trace-link", "");
        }
    }

    @Test
    void aPartTheWarehouseRefusesSaysSoInItsCellAndTheRestShows() {
        // given a source with a committed run
        String source = ReportedRuns.uniqueSource();
        ReportedRuns.succeeded(source, null, "2026-11-20T01:00:00Z");

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the source's row shows its run and watermark, and that its open loads could not be read
        String row = page.substring(page.indexOf("data-source=\"" + source + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains("12,345", "title=\"2026-11-19T10:00:00Z\"")
                .contains("<td class=\"n open-loads\">could not be read</td>");
    }

    @Test
    void aRunWhoseRejectsTheWarehouseRefusesShowsTheRestAndItsTraceAsTextWithoutATraceLink() {
        // given a run with rejects and a trace
        ReportedRuns.Reported run = ReportedRuns.withRejects(ReportedRuns.uniqueSource(), 3);

        // when the viewer opens it
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/runs/{id}", run.runId())
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the run shows, its rejects' section says they could not be read, and the trace id is plain text
        assertThat(page)
                .contains("4 fetched = 1 loaded + 3 rejected + 0 duplicates")
                .contains("The rejects could not be read from the warehouse just now.")
                .contains("<dd id=\"trace\"><code>4bf92f3577b34da6a3ce929d0e0e4736</code></dd>")
                .doesNotContain("jaeger.example");
    }
}
