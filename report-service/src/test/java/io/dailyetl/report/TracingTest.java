package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.dailyetl.report.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.OtlpSink;
import io.dailyetl.testing.WarehouseResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each weekly report is one trace: the report span, its calls to the real warehouse and the mail send under it. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class TracingTest {

    @Inject
    InMemorySpanExporter spans;

    @Test
    void eachReportIsOneTraceOfItsWarehouseCallsAndItsMail() {
        // given two weeks with spend
        String first = report();
        String second = report();

        // then each report is its own trace
        assertThat(first).isNotEqualTo(second);
        for (String traceId : List.of(first, second)) {
            List<SpanData> trace = trace(traceId);
            SpanData report = trace.stream()
                    .filter(s -> s.getName().equals("weekly report"))
                    .findFirst()
                    .orElseThrow();
            // the claim, the user-spend query, the SENT record, and the mail, all under the report's span
            assertThat(trace)
                    .filteredOn(s -> client(s, "POST", "/api/report-deliveries"))
                    .hasSize(2)
                    .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(report.getSpanId()));
            assertThat(trace)
                    .filteredOn(s -> client(s, "GET", "/api/analytics/user-spend"))
                    .hasSize(1)
                    .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(report.getSpanId()));
            assertThat(trace)
                    .filteredOn(s -> s.getName().equals("mail send"))
                    .singleElement()
                    .satisfies(s -> assertThat(s.getParentSpanId()).isEqualTo(report.getSpanId()));
            // and the warehouse continued it
            await().atMost(Duration.ofSeconds(20)).until(() -> OtlpSink.shared().received(traceId));
        }
    }

    /** Sends the report of a week of its own; answers the trace of its "weekly report" span. */
    private String report() {
        LocalDate end = Fixtures.uniqueEnd();
        String p = Fixtures.uniquePrefix();
        // a cold warehouse on a busy machine may let the fixture's load expire (6 s lease): load again then
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> Fixtures.load(
                        List.of(record(p + "1", p + "-user", "3.00", "active", end.minusDays(1) + "T10:00:00Z"))));
        long before = reportSpans().size();
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(Fixtures.uniqueAddress())))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> reportSpans().size() > before);
        return reportSpans().get(reportSpans().size() - 1).getTraceId();
    }

    private List<SpanData> reportSpans() {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("weekly report"))
                .toList();
    }

    private List<SpanData> trace(String traceId) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .anyMatch(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER));
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    private static boolean client(SpanData span, String method, String path) {
        String described = span.getName() + " " + span.getAttributes().asMap();
        return span.getKind() == SpanKind.CLIENT && described.contains(method) && described.contains(path);
    }
}
