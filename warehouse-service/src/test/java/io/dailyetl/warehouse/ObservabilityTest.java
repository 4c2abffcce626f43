package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.PostgresResource;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The warehouse continues the trace a caller sends ({@code traceparent}) in its server spans and log lines, and a
 * caller's text with line breaks in it never starts a log line of its own. The log is written to a file here, with
 * the console's format and filter. (JSON logs, as the packaged service writes them in prod: ingest's JsonLogTest.)
 */
@QuarkusTest
@TestProfile(ObservabilityTest.LogFiles.class)
@WithTestResource(PostgresResource.class)
class ObservabilityTest {

    static final Path PLAIN = Path.of("target/logs/observability-test.log");

    /** The console's format and filter, on a file. */
    public static class LogFiles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", PLAIN.toString(),
                    "quarkus.log.file.json.enabled", "false",
                    "quarkus.log.file.format", "${quarkus.log.console.format}",
                    "quarkus.log.file.filter", "control-characters");
        }
    }

    @Inject
    InMemorySpanExporter spans;

    @Test
    void aCallersTraceIsContinuedAndItsTextNeverForgesALogLine() throws IOException {
        // given a claimed report window, and a caller in a trace of its own
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String parentSpanId = HexFormat.of().formatHex(randomBytes(8));
        LocalDate from = Api.uniqueWeek();
        String delivery = api().contentType(ContentType.JSON)
                .body(Map.of(
                        "report",
                        "weekly",
                        "from",
                        from.toString(),
                        "to",
                        from.plusDays(7).toString(),
                        "recipients",
                        List.of("ops@example.com")))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201)
                .extract()
                .path("deliveryId");

        // when it reports the send failed, with an error text that tries to forge log lines
        String forged =
                "SMTP down\r\n2026-01-01 00:00:00,000 ERROR [io.dai.war] FAKE ERROR line\u2028FAKE too\u0085FAKE three";
        api().header("traceparent", "00-" + traceId + "-" + parentSpanId + "-01")
                .contentType(ContentType.JSON)
                .body(Map.of("error", forged))
                .post("/api/report-deliveries/{id}/failed", delivery)
                .then()
                .statusCode(200);

        // then the warehouse's server span continues the caller's trace
        await().atMost(Duration.ofSeconds(10)).until(() -> serverSpan(traceId) != null);
        SpanData server = serverSpan(traceId);
        assertThat(server.getParentSpanId()).isEqualTo(parentSpanId);

        // and the plain log has the line once, escaped, with the trace's ids; no line starts with the forged text
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(PLAIN) && Files.readString(PLAIN).contains(delivery(from)));
        List<String> plain = Files.readAllLines(PLAIN);
        assertThat(plain)
                .filteredOn(l -> l.contains(delivery(from)))
                .singleElement()
                .satisfies(line -> {
                    assertThat(line)
                            .contains("SMTP down\\r\\n2026-01-01")
                            .contains("FAKE ERROR line\\u2028FAKE too\\u0085FAKE three")
                            .contains("[" + traceId + "," + server.getSpanId() + "]");
                });
        assertThat(plain).noneMatch(l -> l.startsWith("2026-01-01 00:00:00,000") || l.startsWith("FAKE"));
        assertThat(String.join("\n", plain)).doesNotContain("\u2028").doesNotContain("\u0085");
    }

    private static String delivery(LocalDate from) {
        return "weekly report " + from + " – " + from.plusDays(7) + ": FAILED";
    }

    private SpanData serverSpan(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElse(null);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
