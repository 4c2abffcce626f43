package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.api;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Incremental mode with an initial value and epoch seconds on the wire, against the real warehouse: the very first
 * run asks from the initial value, the next from the watermark less the look-back, each written in whole seconds;
 * change times are read from epoch-second numbers in a field of the records' own.
 */
@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class IncrementalInitialValueTest {

    static final String SOURCE =
            "incremental-initial-" + UUID.randomUUID().toString().substring(0, 8);
    static final Instant INITIAL = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void firstRunAsksFromTheInitialValueAndTheNextFromTheWatermarkInEpochSeconds() {
        // given a source answering any lower bound with two records changed after the initial value
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        Instant changed = INITIAL.plus(2, ChronoUnit.DAYS);
        List<Map<String, Object>> records =
                List.of(record(p + "1", changed.minusSeconds(60)), record(p + "2", changed));
        serve(records);

        // when the first run runs
        JsonPath first = run();

        // then it asked from the initial value, in epoch seconds, and the watermark is the latest change
        assertThat(since()).containsOnly(Long.toString(INITIAL.getEpochSecond()));
        assertThat(first.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(first.getString("pull.mode")).isEqualTo("INCREMENTAL");
        assertThat(first.getString("pull.watermarkAtStart")).isNull();
        assertThat(first.getInt("inserted")).isEqualTo(2);
        assertThat(first.getString("pull.watermark")).isEqualTo(changed.toString());

        // when the next run runs
        source().resetAll();
        serve(List.of(records.get(1)));
        JsonPath next = run();

        // then it asked from the watermark less 30 minutes, and found the record it saw last unchanged
        assertThat(since())
                .containsOnly(
                        Long.toString(changed.minus(30, ChronoUnit.MINUTES).getEpochSecond()));
        assertThat(next.getInt("unchanged")).isEqualTo(1);
        assertThat(next.getString("pull.watermark")).isEqualTo(changed.toString());
    }

    private static Map<String, Object> record(String id, Instant modified) {
        Map<String, Object> r = Fixtures.tx(id, "u-" + id, "1.00", "active", Fixtures.uniqueWeek() + "T10:00:00Z");
        r.put("modified", modified.getEpochSecond());
        return r;
    }

    private static void serve(List<Map<String, Object>> records) {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("1"))
                .withQueryParam("modified_after", matching("[0-9]+"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of("results", records)))));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .withQueryParam("modified_after", matching("[0-9]+"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of("results", List.of())))));
    }

    private static List<String> since() {
        return source().findAll(getRequestedFor(urlPathEqualTo("/transactions"))).stream()
                .map((LoggedRequest r) -> r.queryParameter("modified_after").isPresent()
                        ? r.queryParameter("modified_after").firstValue()
                        : "(none)")
                .toList();
    }

    private static JsonPath run() {
        String runId = startRun(SOURCE);
        awaitRun(runId);
        return api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
