package io.dailyetl.warehouse;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.dailyetl.warehouse.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** Ingest's run history at the warehouse: newer reports win, any reader sees them, a dead run's expiry ends it. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RunHistoryTest {

    @Test
    void newerReportReplacesAnOlderOneAndALateOlderOneIsIgnored() {
        // given a run reported RUNNING, then SUCCEEDED
        String source = Api.uniqueSource();
        String runId = UUID.randomUUID().toString();
        report(runId, run(source, "RUNNING", 1, 10));
        report(runId, run(source, "SUCCEEDED", 3, 30)).statusCode(200).body("status", is("SUCCEEDED"));

        // when a RUNNING report of an earlier version arrives late
        report(runId, run(source, "RUNNING", 2, 20)).statusCode(200);

        // then the newest report is what every reader gets
        api().get("/api/runs/{id}", runId).then().statusCode(200).body("status", is("SUCCEEDED"))
                .body("fetched", is(30)).body("version", is(3)).body("attempts[0].number", is(1));
        api().queryParam("source", source).get("/api/runs").then().statusCode(200)
                .body("size()", is(1)).body("[0].runId", is(runId));
    }

    @Test
    void runningRunWhoseLoadExpiresIsMarkedFailed() throws Exception {
        // given a RUNNING run on an open load whose replica then dies
        String source = Api.uniqueSource();
        String loadId = Api.open(source);
        String runId = UUID.randomUUID().toString();
        Map<String, Object> running = run(source, "RUNNING", 1, 5);
        running.put("loadId", loadId);
        report(runId, running).statusCode(200);

        // when the load's lease runs out and the load is expired
        Api.lapseLease(loadId);
        api().get("/api/loads/{id}", loadId).then().body("status", is("EXPIRED"));

        // then the run is FAILED, saying why
        api().get("/api/runs/{id}", runId).then().statusCode(200).body("status", is("FAILED"))
                .body("error", containsString("expired")).body("finishedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void invalidReportNamesTheField() {
        Map<String, Object> bad = run(Api.uniqueSource(), "DONE", 1, 0);
        report(UUID.randomUUID().toString(), bad).statusCode(400).body("errors[0].field", is("status"));
        api().get("/api/runs/{id}", UUID.randomUUID()).then().statusCode(404).body("loadId", nullValue());
    }

    private static io.restassured.response.ValidatableResponse report(String runId, Map<String, Object> run) {
        return api().contentType(ContentType.JSON).body(run).when().put("/api/runs/{id}", runId).then();
    }

    private static Map<String, Object> run(String source, String status, long version, long fetched) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source);
        r.put("status", status);
        r.put("trigger", "api");
        r.put("logicalDate", "2026-12-02");
        r.put("startedAt", "2026-12-02T10:00:00Z");
        r.put("fetched", fetched);
        r.put("attempts", List.of(Map.of("number", 1, "startedAt", "2026-12-02T10:00:00Z")));
        r.put("version", version);
        return r;
    }
}
