package io.dailyetl.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A packaged service in prod logs JSON, one object a line: the warehouse process the ingest tests run writes its
 * console to target/warehouse-process.log, and a caller's text with line breaks stays inside its message.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOG = Path.of("target/warehouse-process.log");

    @Test
    void prodLogsAreOneJsonObjectALineWhateverTheCallerSends() throws IOException {
        // given a claimed report window at the packaged warehouse
        LocalDate from = Fixtures.uniqueWeek();
        String delivery = Fixtures.warehouse()
                .contentType(ContentType.JSON)
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

        // when its sender reports a failure whose text tries to forge log lines
        String forged = "SMTP down\r\n{\"level\":\"ERROR\",\"message\":\"FAKE ERROR line\"}\nFAKE two";
        Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("error", forged))
                .post("/api/report-deliveries/{id}/failed", delivery)
                .then()
                .statusCode(200);

        // then every line of its log is a JSON object, and the failure is one of them, the text whole in its message
        String marker = "weekly report " + from + " – " + from.plusDays(7) + ": FAILED";
        await().atMost(Duration.ofSeconds(10)).until(() -> read().contains(marker));
        List<JsonNode> lines = read().lines().map(JsonLogTest::parse).toList();
        assertThat(lines).allSatisfy(l -> assertThat(l.isObject()).isTrue());
        assertThat(lines).noneMatch(l -> l.path("message").asText().startsWith("FAKE"));
        assertThat(lines)
                .filteredOn(l -> l.path("message").asText().contains(marker))
                .singleElement()
                .satisfies(l -> assertThat(l.path("message").asText())
                        .contains("SMTP down\\r\\n{\"level\":\"ERROR\",\"message\":\"FAKE ERROR line\"}\\nFAKE two"));
    }

    private static String read() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG) : "";
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + line, e);
        }
    }
}
