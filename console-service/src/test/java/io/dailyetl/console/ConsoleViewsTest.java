package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.console.ReportedRuns.Reported;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The console's views against the packaged warehouse: the overview's watermark, open loads and charts, the runs
 * filtered by date and paged, a run's rejects paged and as CSV, its trace link and its progress.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class ConsoleViewsTest {

    private static String viewer() {
        return Login.session("viewer", "test-viewer");
    }

    @Test
    void theOverviewShowsEachSourcesWatermarkAgeOpenLoadsAndChartsOfItsLastRuns() {
        // given a source with a committed run (its watermark 2026-11-19T10:00:00Z) and a load still open
        String source = ReportedRuns.uniqueSource();
        ReportedRuns.succeeded(source, null, "2026-11-20T01:00:00Z");
        ReportedRuns.warehouse()
                .contentType("application/json")
                .body(java.util.Map.of("source", source, "runId", "open-one"))
                .post("/api/loads")
                .then()
                .statusCode(201);

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, viewer())
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the source's row shows the watermark in the zone with its age, and one open load
        String row = page.substring(page.indexOf("data-source=\"" + source + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains("title=\"2026-11-19T10:00:00Z\">2026-11-19 11:00:00 CET</time> (")
                .containsPattern("\\(\\d+ d \\d+ h old\\)")
                .contains("<td class=\"n open-loads\">1</td>");
        // and the next run's cell says that ingest (not started in this test) is not answering, the page still shows
        assertThat(row).contains("<td class=\"next-run\"><span class=\"problem\">ingest is not answering</span></td>");
        // and its charts are images with a title, with their numbers as a table
        assertThat(page)
                .contains("<title id=\"chart-" + Integer.toHexString(source.hashCode())
                        + "-records-title\">Records per run of " + source + "</title>")
                .contains("role=\"img\"", "Reject share per run of " + source, "Duration per run of " + source)
                .contains("<summary>The numbers</summary>")
                .contains(
                        "<td class=\"n\">12,000</td><td class=\"n\">300</td><td class=\"n\">45</td><td class=\"n\">2.4%</td>"
                                + "<td class=\"n\">123</td>");
    }

    @Test
    void theRunsPageFiltersByDateAndPagesFiftyAtATimeKeepingTheFilter() {
        // given 51 runs of a source on 2026-10-05 (Berlin) and one on the day before
        String source = ReportedRuns.uniqueSource();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            ids.add(ReportedRuns.plain(
                    UUID.randomUUID().toString(),
                    source,
                    "SUCCEEDED",
                    String.format("2026-10-05T%02d:%02d:00Z", 5 + i / 60, i % 60),
                    1,
                    1,
                    10));
        }
        String before =
                ReportedRuns.plain(UUID.randomUUID().toString(), source, "SUCCEEDED", "2026-10-04T21:59:00Z", 1, 1, 10);
        String session = viewer();

        // when the viewer asks for that day's runs
        String first = given().cookie(Login.COOKIE, session)
                .get("/runs?source={s}&from=2026-10-05&to=2026-10-05", source)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the first page holds the 50 newest, and links the next page with the same filter
        assertThat(first)
                .contains("/runs/" + ids.get(50), "/runs/" + ids.get(1))
                .doesNotContain("/runs/" + ids.get(0));
        assertThat(first).contains("value=\"2026-10-05\"", "type=\"date\"");
        String next = "/runs?source=" + source + "&amp;from=2026-10-05&amp;to=2026-10-05&amp;page=2";
        assertThat(first).contains("href=\"" + next + "\"").doesNotContain("id=\"previous\"");
        String second = given().cookie(Login.COOKIE, session)
                .urlEncodingEnabled(false)
                .get(next.replace("&amp;", "&"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        // and the second page holds the oldest of the day only: the run of the day before (23:59 in Berlin) is not
        assertThat(second).contains("/runs/" + ids.get(0)).doesNotContain("/runs/" + ids.get(1), "/runs/" + before);
        assertThat(second).contains("id=\"previous\"").doesNotContain("id=\"next\"");
        // and from the day before on, that run is there too
        assertThat(given().cookie(Login.COOKIE, session)
                        .get("/runs?source={s}&from=2026-10-04&to=2026-10-04", source)
                        .asString())
                .contains("/runs/" + before)
                .doesNotContain("/runs/" + ids.get(0));
    }

    @Test
    void anInvalidDateOrPageIsRefusedNamingTheField() {
        String session = viewer();
        assertThat(given().cookie(Login.COOKIE, session)
                        .get("/runs?from=2026-13-01")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("from: must be a date such as 2026-11-20, not &#39;2026-13-01&#39;");
        assertThat(given().cookie(Login.COOKIE, session)
                        .get("/runs?to=yesterday")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("to: must be a date");
        assertThat(given().cookie(Login.COOKIE, session)
                        .get("/runs?from=2026-11-02&to=2026-11-01")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("to: must not be before from");
        assertThat(given().cookie(Login.COOKIE, session)
                        .get("/runs?page=0")
                        .then()
                        .statusCode(400)
                        .extract()
                        .asString())
                .contains("page: must be a page number from 1");
    }

    @Test
    void aRunPageShowsItsRejectsPagedAndItsTraceAsALink() {
        // given a run whose load rejected 120 records
        Reported run = ReportedRuns.withRejects(ReportedRuns.uniqueSource(), 120);
        String session = viewer();

        // when the viewer opens it, then its third page of rejects
        String page = given().cookie(Login.COOKIE, session)
                .get("/runs/{id}", run.runId())
                .asString();
        String third = given().cookie(Login.COOKIE, session)
                .get("/runs/{id}?rejects=3", run.runId())
                .asString();

        // then the first page shows the first 50 with the field, the reason and the raw record (escaped), and the total
        assertThat(page)
                .contains("120 records were rejected", "href=\"/runs/" + run.runId() + "/rejects.csv\"")
                .contains("<td>amount</td><td>amount: not a number</td>")
                .contains("&quot;id&quot;:&quot;r-0&quot;", "&quot;id&quot;:&quot;r-49&quot;")
                .doesNotContain("&quot;r-50&quot;")
                .contains("href=\"/runs/" + run.runId() + "?rejects=2#rejects\"");
        assertThat(third)
                .contains("&quot;r-100&quot;", "&quot;r-119&quot;")
                .doesNotContain("&quot;r-99&quot;", "rejects-next");
        // and the trace id links to the configured trace view
        assertThat(page)
                .contains("<a href=\"https://jaeger.example/trace/4bf92f3577b34da6a3ce929d0e0e4736\"><code>"
                        + "4bf92f3577b34da6a3ce929d0e0e4736</code></a>");
    }

    @Test
    void allTenThousandRejectsOfARunDownloadAsCsvNamedAfterTheRun() {
        // given a run whose load rejected 10,000 records
        Reported run = ReportedRuns.withRejects(ReportedRuns.uniqueSource(), 10_000);

        // when the viewer downloads its rejects
        Response csv = given().cookie(Login.COOKIE, viewer()).get("/runs/{id}/rejects.csv", run.runId());

        // then the file is named after the run and holds a header and all 10,000 rejects, in the order sent, quoted
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"run-" + run.runId() + "-rejects.csv\"");
        String[] lines = csv.asString().split("\r\n");
        assertThat(lines).hasSize(1 + 10_000);
        assertThat(lines[0]).isEqualTo("seq,position,page,field,reason,raw");
        assertThat(lines[1])
                .isEqualTo("0,0,1,amount,amount: not a number,\"{\"\"id\"\":\"\"r-0\"\",\"\"note\"\":"
                        + "\"\"a, \\\"\"quoted\\\"\" note\"\"}\"");
        assertThat(lines[10_000]).startsWith("0,9999,100,amount,").contains("r-9999");
    }

    @Test
    void theProgressOfARunIsItsCountsSoFarAsJson() {
        // given a RUNNING run, 3 pages in
        String runId = ReportedRuns.plain(
                UUID.randomUUID().toString(),
                ReportedRuns.uniqueSource(),
                "RUNNING",
                "2026-11-20T01:00:00Z",
                1,
                3,
                3000);

        // when its progress is asked for
        Response progress = given().cookie(Login.COOKIE, viewer()).get("/runs/{id}/progress", runId);

        // then it is the counts so far, with separators
        assertThat(progress.statusCode()).isEqualTo(200);
        assertThat(progress.jsonPath().getString("status")).isEqualTo("RUNNING");
        assertThat(progress.jsonPath().getString("pages")).isEqualTo("3");
        assertThat(progress.jsonPath().getString("fetched")).isEqualTo("3,000");
        assertThat(progress.jsonPath().getString("loaded")).isEqualTo("1,500");
        assertThat(given().cookie(Login.COOKIE, viewer())
                        .get("/runs/{id}/progress", UUID.randomUUID())
                        .statusCode())
                .isEqualTo(404);
    }
}
