package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.api;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Run history lives at the warehouse: what this replica ran is there, and what another replica ran is answered here. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class RunHistoryTest {

    @Test
    void finishedRunIsKeptAtTheWarehouseWithItsCountsAndAttempts() {
        // given a run of two pages
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        servePages(List.of(Fixtures.clean(p + "a", 2, day), Fixtures.clean(p + "b", 2, day)));

        // when it ends
        Map<String, Object> run = awaitRun(startRun());
        assertThat(run).containsEntry("status", "SUCCEEDED");
        // with the data checks its commit passed, as this replica shows the run
        assertThat(api().get("/api/runs/{id}", (String) run.get("runId"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("checks.check"))
                .containsExactly("reject-share", "duplicate-share", "volume");

        // then the warehouse's history holds the same run, as another replica would read it
        await().untilAsserted(() -> Fixtures.warehouse()
                .get("/api/runs/{id}", (String) run.get("runId"))
                .then()
                .statusCode(200)
                .body("status", is("SUCCEEDED"))
                .body("fetched", is(4))
                .body("loaded", is(4))
                .body("loadId", is(run.get("loadId")))
                .body("attempts.size()", is(1))
                .body("checks.check", contains("reject-share", "duplicate-share", "volume"))
                .body("source", is("transactions")));
    }

    @Test
    @Documents("http-api: GET /api/runs/{runId} 200")
    @Documents("http-api: GET /api/runs/{runId} 404 not-found")
    void runOfAnotherReplicaIsAnsweredFromTheWarehouse() {
        // given a run that another (or a restarted) replica ran and reported
        String runId = UUID.randomUUID().toString();
        Map<String, Object> other = new LinkedHashMap<>();
        other.put("source", "transactions");
        other.put("status", "FAILED");
        other.put("trigger", "schedule");
        other.put("logicalDate", "2026-12-01");
        other.put("startedAt", Instant.now().toString());
        other.put("error", "its ingest replica stopped");
        other.put(
                "attempts",
                List.of(Map.of("number", 1, "startedAt", Instant.now().toString())));
        other.put("version", 7);
        Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(other)
                .put("/api/runs/{id}", runId)
                .then()
                .statusCode(200);

        // when this replica is asked, it answers for it, alone and in the list
        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .body("runId", is(runId))
                .body("status", is("FAILED"))
                .body("trigger", is("schedule"))
                .body("logicalDate", is("2026-12-01"))
                .body("error", is("its ingest replica stopped"));
        List<String> ids = api().queryParam("limit", 100)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("runId");
        assertThat(ids).contains(runId);
        api().get("/api/runs/{id}", UUID.randomUUID())
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:not-found"));
    }
}
