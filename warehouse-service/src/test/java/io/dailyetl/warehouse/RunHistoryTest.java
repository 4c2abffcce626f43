package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/** Ingest's run history at the warehouse: newer reports win, any reader sees them, a dead run's expiry ends it. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RunHistoryTest {

    @Test
    @Documents("http-api: PUT /api/runs/{runId} 200")
    void newerReportReplacesAnOlderOneAndALateOlderOneIsIgnored() {
        // given a run reported RUNNING, then SUCCEEDED
        String source = Api.uniqueSource();
        String runId = UUID.randomUUID().toString();
        report(runId, run(source, "RUNNING", 1, 10));
        report(runId, run(source, "SUCCEEDED", 3, 30)).statusCode(200).body("status", is("SUCCEEDED"));

        // when a RUNNING report of an earlier version arrives late
        // it is answered with the run as stored: the newer report
        report(runId, run(source, "RUNNING", 2, 20))
                .statusCode(200)
                .body("runId", is(runId))
                .body("status", is("SUCCEEDED"))
                .body("version", is(3));

        // then the newest report is what every reader gets
        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .body("status", is("SUCCEEDED"))
                .body("fetched", is(30))
                .body("version", is(3))
                .body("attempts[0].number", is(1));
        api().queryParam("source", source)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("size()", is(1))
                .body("[0].runId", is(runId));
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
        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .body("status", is("FAILED"))
                .body("error", containsString("expired"))
                .body("finishedAt", Matchers.notNullValue());
    }

    @Test
    void whatARunPulledAndHowItsCommitSplitTheIdsAreKept() {
        // given a finished incremental run's report, with what it asked the source for and its commit's split
        String source = Api.uniqueSource();
        String runId = UUID.randomUUID().toString();
        Map<String, Object> done = run(source, "SUCCEEDED", 2, 12);
        done.put("loaded", 10);
        done.put("inserted", 3);
        done.put("updated", 2);
        done.put("unchanged", 5);
        done.put(
                "pull",
                Map.of(
                        "mode",
                        "INCREMENTAL",
                        "since",
                        "2026-12-01T23:00:00Z",
                        "watermarkAtStart",
                        "2026-12-02T00:00:00Z",
                        "watermark",
                        "2026-12-02T09:59:00Z"));

        // when it is reported
        report(runId, done).statusCode(200);

        // then every reader gets them back as sent
        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .body("inserted", is(3))
                .body("updated", is(2))
                .body("unchanged", is(5))
                .body("pull.mode", is("INCREMENTAL"))
                .body("pull.since", is("2026-12-01T23:00:00Z"))
                .body("pull.watermark", is("2026-12-02T09:59:00Z"))
                .body("pull.before", nullValue());
        // and a run reported without them has none
        String older = UUID.randomUUID().toString();
        report(older, run(source, "SUCCEEDED", 1, 1)).statusCode(200);
        api().get("/api/runs/{id}", older)
                .then()
                .statusCode(200)
                .body("inserted", nullValue())
                .body("pull", nullValue());
    }

    @Test
    void pullThatIsNotAnObjectIsRefused() {
        Map<String, Object> bad = run(Api.uniqueSource(), "SUCCEEDED", 1, 0);
        bad.put("pull", List.of("FULL"));
        report(UUID.randomUUID().toString(), bad).statusCode(400).body("errors[0].field", is("pull"));
        Map<String, Object> negative = run(Api.uniqueSource(), "SUCCEEDED", 1, 0);
        negative.put("unchanged", -1);
        report(UUID.randomUUID().toString(), negative).statusCode(400).body("errors[0].field", is("counts"));
    }

    @Test
    @Documents("http-api: PUT /api/runs/{runId} 400 invalid-request")
    void invalidReportNamesTheField() {
        Map<String, Object> bad = run(Api.uniqueSource(), "DONE", 1, 0);
        report(UUID.randomUUID().toString(), bad)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("status"));
        api().get("/api/runs/{id}", UUID.randomUUID()).then().statusCode(404).body("loadId", nullValue());
    }

    @Test
    void aReportedTraceIsKeptAndAnsweredWithTheHistorysFields() {
        // given a run reported as ingest reports it, with its trace
        String runId = UUID.randomUUID().toString();
        Map<String, Object> run = run(Api.uniqueSource(), "RUNNING", 1, 0);
        run.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");

        // when it is reported and read back
        Map<String, Object> answered =
                report(runId, run).statusCode(200).extract().jsonPath().getMap("");
        Map<String, Object> read = api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");

        // then both answers carry the history's fields, the attempts as sent, and the trace
        assertThat(answered.keySet())
                .containsExactlyInAnyOrder(
                        "runId",
                        "source",
                        "status",
                        "logicalDate",
                        "trigger",
                        "startedAt",
                        "finishedAt",
                        "pages",
                        "fetched",
                        "loaded",
                        "rejected",
                        "duplicates",
                        "retries",
                        "loadId",
                        "error",
                        "attempts",
                        "version",
                        "inserted",
                        "updated",
                        "unchanged",
                        "pull",
                        "errorKind",
                        "errorTransient",
                        "checks",
                        "traceId");
        assertThat(read).isEqualTo(answered);
        assertThat(read.get("traceId")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(read.get("startedAt")).isEqualTo("2026-12-02T10:00:00Z");
        assertThat(read.get("attempts"))
                .isEqualTo(List.of(
                        mapOf("number", 1, "loadId", null, "startedAt", "2026-12-02T10:00:00Z", "lostBecause", null)));
    }

    @Test
    void aRunWithoutATraceIsAnsweredWithoutTheMemberAndALaterReportKeepsTheTrace() {
        // given a run reported with its trace, then reported again (a newer version) without one
        String runId = UUID.randomUUID().toString();
        String source = Api.uniqueSource();
        Map<String, Object> first = run(source, "RUNNING", 1, 0);
        first.put("traceId", "0af7651916cd43dd8448eb211c80319c");
        report(runId, first).statusCode(200);
        Map<String, Object> later = run(source, "RUNNING", 2, 0);

        // when the later one is stored
        Map<String, Object> answered =
                report(runId, later).statusCode(200).extract().jsonPath().getMap("");

        // then the trace stays; and a run never reported with a trace has no traceId member at all
        assertThat(answered).containsEntry("traceId", "0af7651916cd43dd8448eb211c80319c");
        String untraced = UUID.randomUUID().toString();
        assertThat(report(untraced, run(Api.uniqueSource(), "RUNNING", 1, 0))
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getMap(""))
                .doesNotContainKey("traceId");
    }

    @Test
    void aTraceIdThatIsNotOneIsRefusedNamingTheField() {
        Map<String, Object> bad = run(Api.uniqueSource(), "RUNNING", 1, 0);
        bad.put("traceId", "not-a-trace'); drop table ingest_run; --");
        String runId = UUID.randomUUID().toString();

        report(runId, bad)
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("traceId"));
        api().get("/api/runs/{id}", runId).then().statusCode(404);
    }

    @Test
    void aFailedRunsErrorKindIsKeptAndAReportWithoutOneReadsAsNone() {
        // given a FAILED run reported with where its cause lies, and one reported as ingest did before it said so
        String classified = UUID.randomUUID().toString();
        Map<String, Object> failed = run(Api.uniqueSource(), "FAILED", 1, 4);
        failed.put(
                "error",
                "batch 0 failed: the warehouse answered 503: the database refused it: could not extend "
                        + "file (SQLSTATE 53100: disk full)");
        failed.put("errorKind", "DATABASE");
        failed.put("errorTransient", true);
        String old = UUID.randomUUID().toString();
        Map<String, Object> before = run(Api.uniqueSource(), "FAILED", 1, 4);
        before.put("error", "GET … answered 404");

        // when both are reported and read back
        report(classified, failed).statusCode(200);
        report(old, before).statusCode(200);

        // then the history answers the kind and whether it may pass, and none for the older report
        api().get("/api/runs/{id}", classified)
                .then()
                .statusCode(200)
                .body("errorKind", is("DATABASE"))
                .body("errorTransient", is(true));
        api().get("/api/runs/{id}", old)
                .then()
                .statusCode(200)
                .body("errorKind", nullValue())
                .body("errorTransient", nullValue());
    }

    @Test
    void errorKindThatIsNotAKindIsRefusedNamingIt() {
        // given a report whose errorKind is no kind
        Map<String, Object> bad = run(Api.uniqueSource(), "FAILED", 1, 0);
        bad.put("errorKind", "DISK");

        // when it is reported, then it is refused naming errorKind and the kinds there are
        report(UUID.randomUUID().toString(), bad)
                .statusCode(400)
                .body("errors[0].field", is("errorKind"))
                .body("errors[0].message", is("null or one of [SOURCE, CONFIGURATION, WAREHOUSE, DATABASE, CHECKS]"));
    }

    @Test
    void statusThatIsNotARunStatusIsRefusedAsAMissingOneIs() {
        // given reports whose status is unknown, a number, an index as text, or missing
        Map<String, Object> unknown = run(Api.uniqueSource(), "DONE", 1, 0);
        Map<String, Object> number = run(Api.uniqueSource(), "RUNNING", 1, 0);
        number.put("status", 1);
        Map<String, Object> index = run(Api.uniqueSource(), "1", 1, 0);
        Map<String, Object> missing = run(Api.uniqueSource(), "RUNNING", 1, 0);
        missing.remove("status");

        // when each is reported, then each is refused naming status, saying what it may be
        for (Map<String, Object> bad : List.of(unknown, number, index, missing)) {
            report(UUID.randomUUID().toString(), bad)
                    .statusCode(400)
                    .body("errors[0].field", is("status"))
                    .body("errors[0].message", is("one of RUNNING, SUCCEEDED, FAILED"));
        }
    }

    @Test
    void attemptsAndPullOfTheWrongShapeAreRefusedSayingTheShape() {
        // given a report whose attempts are not an array, and one whose pull is not an object
        Map<String, Object> attempts = run(Api.uniqueSource(), "RUNNING", 1, 0);
        attempts.put("attempts", Map.of("number", 1));
        Map<String, Object> pull = run(Api.uniqueSource(), "RUNNING", 1, 0);
        pull.put("pull", "FULL");

        // when each is reported, then it is refused naming the field and its shape
        report(UUID.randomUUID().toString(), attempts)
                .statusCode(400)
                .body("errors[0].field", is("attempts"))
                .body("errors[0].message", is("an array of at most 100 attempts (64 KiB)"));
        report(UUID.randomUUID().toString(), pull)
                .statusCode(400)
                .body("errors[0].field", is("pull"))
                .body("errors[0].message", is("an object of at most 4 KiB (mode, since, before, watermarks)"));
    }

    @Test
    void runStoredWithFieldsTheRecordsDoNotKnowStillReads() throws SQLException {
        // given a run whose stored attempts and pull carry fields the typed records do not know
        String runId = UUID.randomUUID().toString();
        report(runId, run(Api.uniqueSource(), "SUCCEEDED", 1, 0)).statusCode(200);
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "update ingest_run set attempts = ?::jsonb, pull = ?::jsonb " + "where id = ?::uuid")) {
            ps.setString(1, "[{\"number\":1,\"startedAt\":\"2026-12-02T10:00:00Z\",\"replica\":\"a\"}]");
            ps.setString(2, "{\"mode\":\"FULL\",\"pageSize\":100}");
            ps.setString(3, runId);
            ps.executeUpdate();
        }

        // when it is read
        ValidatableResponse read = api().get("/api/runs/{id}", runId).then();

        // then it reads, with the fields the records know
        read.statusCode(200)
                .body("attempts[0].number", is(1))
                .body("attempts[0].replica", nullValue())
                .body("pull.mode", is("FULL"));
    }

    @Test
    void runIdThatIsNotAUuidNamesNoRun() {
        api().get("/api/runs/{id}", "run-1")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", is("no run run-1"));
    }

    @Test
    void runsAreFilteredByStatusAndStartAndPagedNewestFirst() {
        // given five runs of one source, started a day apart, the second newest FAILED
        String source = Api.uniqueSource();
        List<String> ids = new java.util.ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            String runId = UUID.randomUUID().toString();
            ids.add(runId);
            Map<String, Object> r = run(source, day == 4 ? "FAILED" : "SUCCEEDED", 1, day);
            r.put("startedAt", "2026-12-0" + day + "T10:00:00Z");
            report(runId, r).statusCode(200);
        }

        // when the runs are asked for a page at a time, then for one status, then for a window of starts
        // then each answer is the runs it names, newest first
        api().queryParam("source", source)
                .queryParam("limit", 2)
                .queryParam("offset", 2)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("runId", is(List.of(ids.get(2), ids.get(1))));
        api().queryParam("source", source)
                .queryParam("status", "FAILED")
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("runId", is(List.of(ids.get(3))));
        api().queryParam("source", source)
                .queryParam("since", "2026-12-02T10:00:00Z")
                .queryParam("before", "2026-12-04T10:00:00Z")
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("runId", is(List.of(ids.get(2), ids.get(1))));
        api().queryParam("source", source)
                .queryParam("offset", 5)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("size()", is(0));
    }

    @Test
    void aRunsFilterThatIsNotOneIsRefusedNamingTheParameter() {
        // when the runs are asked for with a bad status, a bad instant, a negative offset
        // then each is refused naming its parameter
        api().queryParam("status", "DONE")
                .get("/api/runs")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("status"));
        api().queryParam("since", "2026-12-01")
                .get("/api/runs")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("since"));
        api().queryParam("before", "yesterday")
                .get("/api/runs")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("before"));
        api().queryParam("offset", -1).get("/api/runs").then().statusCode(400).body("errors[0].field", is("offset"));
    }

    private static ValidatableResponse report(String runId, Map<String, Object> run) {
        return api().contentType(ContentType.JSON)
                .body(run)
                .when()
                .put("/api/runs/{id}", runId)
                .then();
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

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
