package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.OtlpSink;
import io.dailyetl.testing.WarehouseResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A run is one trace: its span, a span per source page read, the batch PUTs and the commit to the real warehouse
 * as its children; the warehouse (a separate, packaged process, traced through the documented settings) continues
 * it; the run view names it.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class TracingTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void oneRunIsOneTraceOfItsPageReadsBatchesAndCommit() {
        // given three pages of two records (batches of 3: two batches), then the empty page that ends the data
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        servePages(List.of(
                Fixtures.clean(p + "a", 2, day), Fixtures.clean(p + "b", 2, day), Fixtures.clean(p + "c", 2, day)));

        // when a run ends
        String runId = startRun();
        Map<String, Object> run = awaitRun(runId);
        assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("pages", 4);

        // then its view names its trace, and that trace holds the run span with every call of the run under it
        String traceId = (String) run.get("traceId");
        assertThat(traceId).matches("[0-9a-f]{32}");
        await().atMost(Duration.ofSeconds(10)).until(() -> runSpan(runId) != null);
        SpanData runSpan = runSpan(runId);
        assertThat(runSpan.getTraceId()).isEqualTo(traceId);
        assertThat(runSpan.getAttributes().asMap().toString()).contains("SUCCEEDED");

        List<SpanData> trace = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
        List<SpanData> pages =
                trace.stream().filter(s -> s.getName().equals("source page")).toList();
        List<SpanData> batches =
                trace.stream().filter(s -> client(s, "PUT", "/batches/")).toList();
        List<SpanData> commits =
                trace.stream().filter(s -> client(s, "POST", "/commit")).toList();
        assertThat(pages)
                .as("a span per page read: %s", trace)
                .hasSize((Integer) run.get("pages"))
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(runSpan.getSpanId()));
        assertThat(batches)
                .as("the batch PUTs: %s", trace)
                .hasSize(2)
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(runSpan.getSpanId()));
        assertThat(commits)
                .as("the commit: %s", trace)
                .hasSize(1)
                .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(runSpan.getSpanId()));

        // and the source's requests carried the trace, as did the warehouse's, which exported its side of it
        assertThat(source().getAllServeEvents())
                .allSatisfy(
                        e -> assertThat(e.getRequest().getHeader("traceparent")).contains(traceId));
        await().atMost(Duration.ofSeconds(20)).until(() -> OtlpSink.shared().received(traceId));
    }

    @Test
    void lastRunGaugesShowTheCountsOfTheLastSuccessfulRun() {
        // given a run of five records, one of them rejected (no id)
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        List<Map<String, Object>> records = new ArrayList<>(Fixtures.clean(p, 4, day));
        records.add(Fixtures.tx(null, p + "user", "1.00", "active", day + "T10:00:00Z"));
        servePages(List.of(records));

        // when it ends
        assertThat(awaitRun(startRun())).containsEntry("status", "SUCCEEDED");

        // then the last-run gauges of its source say so
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .contains("ingest_last_run_records{outcome=\"fetched\",source=\"transactions\"} 5.0")
                .contains("ingest_last_run_records{outcome=\"loaded\",source=\"transactions\"} 4.0")
                .contains("ingest_last_run_records{outcome=\"rejected\",source=\"transactions\"} 1.0")
                .contains("ingest_last_run_records{outcome=\"duplicate\",source=\"transactions\"} 0.0")
                .containsPattern("ingest_last_run_duration_seconds\\{source=\"transactions\"\\} [0-9.E-]+");
    }

    private SpanData runSpan(String runId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("ingest run"))
                .filter(s -> runId.equals(s.getAttributes().asMap().entrySet().stream()
                        .filter(a -> a.getKey().getKey().equals("ingest.run.id"))
                        .map(a -> a.getValue().toString())
                        .findFirst()
                        .orElse(null)))
                .findFirst()
                .orElse(null);
    }

    private static boolean client(SpanData span, String method, String path) {
        String described = span.getName() + " " + span.getAttributes().asMap();
        return span.getKind() == SpanKind.CLIENT && described.contains(method) && described.contains(path);
    }
}
