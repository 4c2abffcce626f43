package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.MonitoringQueries;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules read only metrics that ingest and the (real, packaged) warehouse
 * expose after a run: a renamed metric fails here. The report's metrics: report-service's MonitoringMetricsTest.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class MonitoringMetricsTest {

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsExposedAfterARun() {
        // given a run that SUCCEEDED
        source().resetAll();
        servePages(List.of(Fixtures.clean(Fixtures.uniquePrefix(), 2, Fixtures.uniqueWeek())));
        assertThat(awaitRun(startRun())).containsEntry("status", "SUCCEEDED");
        // and a source with a watermark (an incremental source's commit carries one)
        String source = "monitoring-" + Fixtures.uniquePrefix().replaceAll("[^A-Za-z0-9_.-]", "");
        String loadId = Fixtures.warehouse()
                .contentType("application/json")
                .body(Map.of("source", source))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        Fixtures.warehouse()
                .contentType("application/json")
                .body(Map.of("batches", 0, "records", 0, "rejects", 0, "watermark", "2026-12-01T00:00:00Z"))
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(200);

        // then every metric name in the dashboard and the rules is one of the services'
        Set<String> used = MonitoringQueries.metricNames();
        assertThat(used)
                .as("names read from the PromQL")
                .isNotEmpty()
                .allMatch(n -> n.startsWith("ingest_") || n.startsWith("warehouse_") || n.startsWith("report_"))
                .contains(
                        "ingest_runs_total",
                        "ingest_last_run_records",
                        "warehouse_commit_duration_seconds_bucket",
                        "report_sent_total",
                        "warehouse_source_watermark_timestamp_seconds");

        // and those of ingest and the warehouse are in their /q/metrics
        String ingest =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        String warehouse = Fixtures.warehouse()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(MonitoringQueries.missing(used, "ingest_", ingest)).isEmpty();
        assertThat(MonitoringQueries.missing(used, "warehouse_", warehouse)).isEmpty();
    }

    @Test
    void theDashboardHasItsPanelsAndTheRulesTheirAlerts() {
        JsonNode dashboard = MonitoringQueries.dashboard();
        List<String> titles = new ArrayList<>();
        dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
        assertThat(titles)
                .contains(
                        "Runs by outcome",
                        "Records per run (last successful run)",
                        "Records by outcome",
                        "Run duration",
                        "Commit duration",
                        "Reports sent",
                        "Time since last successful run",
                        "Time since last report",
                        "Reject share (last run)",
                        "Watermark age per source",
                        "Records pulled per run");
        dashboard
                .path("panels")
                .forEach(p -> assertThat(p.path("targets"))
                        .as(p.path("title").asText())
                        .isNotEmpty());

        Map<String, String> expressions = MonitoringQueries.expressions();
        assertThat(expressions)
                .containsKeys(
                        "rule: DailyEtlNoSuccessfulRun",
                        "rule: DailyEtlNoReport",
                        "rule: DailyEtlRejectShareHigh",
                        "rule: DailyEtlRunFailed",
                        "rule: DailyEtlWatermarkStale");
        assertThat(expressions.get("rule: DailyEtlWatermarkStale")).contains("2 * 86400");
        assertThat(expressions.get("rule: DailyEtlNoSuccessfulRun")).contains("26 * 3600");
        assertThat(expressions.get("rule: DailyEtlNoReport")).contains("8 * 86400");
        assertThat(expressions.get("rule: DailyEtlRejectShareHigh")).endsWith("> 0.05");
        assertThat(MonitoringQueries.metricNames(
                        "histogram_quantile(0.95, sum by (le) (rate(a_b_bucket{x=\"y\"}[1d]))) "
                                + "/ ignoring(outcome) c_d > 0 and time() - e_f offset 1h > 26 * 3600"))
                .containsExactlyInAnyOrder("a_b_bucket", "c_d", "e_f");
    }
}
