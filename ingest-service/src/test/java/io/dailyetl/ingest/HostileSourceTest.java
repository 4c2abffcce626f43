package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile values inside source records (the same ones the warehouse refuses with a 400) make only their record a
 * reject, with a reason naming the field; the run goes on, the clean records load, and every reject is
 * quarantined with a storable copy of what was fetched.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class HostileSourceTest {

    @Test
    void hostileRecordsAreRejectedOneByOneAndTheRunGoesOn() {
        // given a page mixing clean records with the nastiest values we know, written as raw JSON
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        String at = day + "T10:00:00Z";
        String ok = "{\"id\":\"%s\",\"user_id\":\"" + p
                + "u\",\"amount\":\"1.00\",\"status\":\"active\",\"created_at\":\"" + at + "\"%s}";
        String amount = "{\"id\":\"%s\",\"user_id\":\"" + p
                + "u\",\"amount\":%s,\"status\":\"active\",\"created_at\":\"" + at + "\"}";
        List<String> records = List.of(
                ok.formatted(p + "ok1", ""),
                amount.formatted(p + "a1", "\"1e999999999\""),
                amount.formatted(p + "a2", "\"1e2147483648\""),
                amount.formatted(p + "a3", "\"-0e-99999999\""),
                amount.formatted(p + "a4", "\"" + "9".repeat(2_000_000) + "\""),
                amount.formatted(p + "a5", "1e999999999"),
                amount.formatted(p + "a6", "1e2147483648"),
                ok.formatted(p + "x0", ",\"x\":-2e-2147483649"),
                ok.formatted(p + "x1", ",\"x\":1e999999"),
                ok.formatted(p + "x2", ",\"x\":1e-20000"),
                ok.formatted(p + "x3", ",\"deep\":" + "[".repeat(40) + "]".repeat(40)),
                ok.formatted(p + "x4", ",\"s\":\"" + "y".repeat(1_100_000) + "\""),
                ok.formatted(p + "x5", ",\"nul\":\"a\\u0000b\""),
                ok.formatted(p + "ok2", ",\"fine\":1e3"));
        String page = "{\"results\":[" + String.join(",", records) + "]}";
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("1"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(page)));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"results\":[]}")));

        // when a run reads it
        Map<String, Object> run = awaitRun(startRun());

        // then only the hostile records are rejected, each with its field named, and the run succeeds
        assertThat(run)
                .as("run %s", run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 14)
                .containsEntry("rejected", 12)
                .containsEntry("loaded", 2);
        List<String> reasons = Fixtures.warehouse()
                .queryParam("limit", 100)
                .get("/api/loads/{id}/rejects", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("rejects.reason");
        assertThat(reasons).hasSize(12);
        assertThat(reasons.subList(0, 6)).allSatisfy(r -> assertThat(r).startsWith("amount: "));
        assertThat(reasons.get(6)).startsWith("x: number with more than 16383 decimal places");
        assertThat(reasons.get(7)).startsWith("x: number with more than 131072 integer digits");
        assertThat(reasons.get(8)).startsWith("x: number with more than 16383 decimal places");
        assertThat(reasons.get(9)).isEqualTo("deep: nested deeper than 32 levels");
        assertThat(reasons.get(10)).isEqualTo("s: string longer than 1000000 characters");
        assertThat(reasons.get(11)).isEqualTo("nul: contains a NUL character");
    }
}
