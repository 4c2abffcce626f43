package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.api;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A run whose warehouse load goes away under it starts again from the first page and ends with exact counts; a
 * slow source does not cost the run its load; pages too large or too slow are cut off. Against the real warehouse
 * (whose lease is short in tests) and its PostgreSQL, with WireMock as the source.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class LoadLossTest {

    private String prefix;
    private LocalDate day;

    @BeforeEach
    void freshSource() {
        source().resetAll();
        prefix = Fixtures.uniquePrefix();
        day = Fixtures.uniqueWeek();
    }

    @Test
    @Documents("troubleshooting: a run SUCCEEDED with 2 attempts")
    void stagedRowsLostToADatabaseRestartMakeTheRunStartAgainAndEndExact() throws Exception {
        // given four pages, the third slow, so the run is caught with batches staged
        servePages(pages(4));
        slowPage(3, 3_000);

        // when the unlogged staging table is emptied mid-run, as PostgreSQL's crash recovery does
        String runId = startRun();
        String loadId = api().get("/api/runs/{id}", runId).then().extract().path("loadId");
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.stagedRows(loadId) > 0);
        Fixtures.sql("truncate staging.load_" + loadId.replace("-", ""));

        // then the commit is refused, the run starts again with a new load, and ends exact
        Map<String, Object> run = awaitRun(runId);
        assertThat(run)
                .as("run %s", run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 8)
                .containsEntry("loaded", 8)
                .containsEntry("rejected", 0)
                .containsEntry("duplicates", 0);
        List<Map<String, Object>> attempts = attempts(run);
        assertThat(attempts).hasSize(2);
        assertThat((String) attempts.get(0).get("lostBecause")).contains("staged records are missing", "batches [");
        assertThat(attempts.get(0).get("loadId")).isEqualTo(loadId);
        assertThat(attempts.get(1).get("lostBecause")).isNull();
        assertThat(run.get("loadId"))
                .isNotEqualTo(loadId)
                .isEqualTo(attempts.get(1).get("loadId"));
        assertThat(userTotal()).isEqualTo("12.00"); // 4 pages of 1.00 + 2.00
        Fixtures.warehouse()
                .get("/api/loads/{id}", loadId)
                .then()
                .statusCode(200)
                .body("status", Matchers.is("ABORTED"));
    }

    @Test
    void loadAbortedUnderTheRunMakesItStartAgain() {
        servePages(pages(3));
        slowPage(2, 2_000);

        String runId = startRun();
        String loadId = api().get("/api/runs/{id}", runId).then().extract().path("loadId");
        Fixtures.warehouse().post("/api/loads/{id}/abort", loadId).then().statusCode(200);

        Map<String, Object> run = awaitRun(runId);
        assertThat(run).as("run %s", run).containsEntry("status", "SUCCEEDED").containsEntry("loaded", 6);
        assertThat(attempts(run)).hasSize(2);
        assertThat((String) attempts(run).get(0).get("lostBecause")).contains("ABORTED");
        assertThat(userTotal()).isEqualTo("9.00");
    }

    @Test
    void heartbeatsKeepTheLoadWhileASlowSourceOutlastsTheLease() {
        // given a page that takes longer than the warehouse's whole lease (6 s in tests) to answer
        servePages(pages(2));
        slowPage(2, 8_000);

        // when a run reads it
        Map<String, Object> run = awaitRun(startRun());

        // then the heartbeats kept the load alive: one attempt, everything loaded
        assertThat(run).as("run %s", run).containsEntry("status", "SUCCEEDED").containsEntry("loaded", 4);
        assertThat(attempts(run)).hasSize(1);
    }

    @Test
    @Documents("troubleshooting: a run FAILED \"… larger than ingest.source.max-page-bytes\"")
    void pageOverTheSizeCapFailsTheRunClearlyAndLeavesTheWarehouseAsItWas() {
        // given a second page larger than ingest.source.max-page-bytes (4 MiB in tests)
        Map<String, Object> padded = Fixtures.tx(prefix + "big", prefix + "user", "1.00", "active", day + "T10:00:00Z");
        padded.put("padding", "x".repeat(5 * 1024 * 1024));
        servePages(List.of(pages(1).get(0), List.of(padded)));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run)
                .containsEntry("status", "FAILED")
                .containsEntry("errorKind", "CONFIGURATION")
                .containsEntry("errorTransient", false);
        assertThat((String) run.get("error")).contains("page=2");
        Fixtures.assertShowsQuotes(
                (String) run.get("error"),
                "troubleshooting: a run FAILED \"… larger than ingest.source.max-page-bytes\"");
        assertThat(Fixtures.spend(day, day.plusDays(1)).getList("rows")).isEmpty();
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .body("status", Matchers.is("ABORTED"));
    }

    @Test
    void sourceThatStallsMidBodyIsCutOffAndRetried() {
        // given page 2 whose body first dribbles out far slower than ingest.source.page-deadline (10 s in tests)
        servePages(pages(2));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .inScenario("stall")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of("results", pages(2).get(1))))
                        .withChunkedDribbleDelay(20, 60_000))
                .willSetStateTo("stalled-once")
                .atPriority(1));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run)
                .as("run %s", run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("loaded", 4)
                .containsEntry("retries", 1);
    }

    private List<List<Map<String, Object>>> pages(int n) {
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            List<Map<String, Object>> page = new ArrayList<>();
            for (Map<String, Object> r : clean(prefix + "p" + p + "-", 2, day)) {
                page.add(r);
            }
            page.replaceAll(r -> {
                r.put("user_id", prefix + "user");
                return r;
            });
            pages.add(page);
        }
        return pages;
    }

    private void slowPage(int page, int millis) {
        List<Map<String, Object>> records = pages(page).get(page - 1);
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo(Integer.toString(page)))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of("results", records)))
                        .withFixedDelay(millis))
                .atPriority(1));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> attempts(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("attempts");
    }

    private String userTotal() {
        List<Map<String, Object>> rows = Fixtures.spend(day, day.plusDays(1)).getList("rows");
        return rows.stream()
                .filter(r -> (prefix + "user").equals(r.get("userId")))
                .map(r -> (String) r.get("totalSpent"))
                .findFirst()
                .orElse(null);
    }
}
