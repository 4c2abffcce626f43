package io.dailyetl.console;

import static io.restassured.RestAssured.given;

import io.dailyetl.testing.WarehouseProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs as ingest reports them to the packaged warehouse: a real load of the source staged and committed (so the
 * warehouse judges its data checks), then {@code PUT /api/runs/{id}} with the run's counts, attempts and pull.
 */
final class ReportedRuns {

    /** A run reported to the warehouse: its id, source, the load it committed and the id that failed a check. */
    record Reported(String runId, String source, String loadId, String failingId) {}

    private ReportedRuns() {}

    static RequestSpecification warehouse() {
        return given().baseUri(WarehouseProcess.shared().url().toString())
                .auth()
                .oauth2(WarehouseProcess.TOKEN);
    }

    /** Reports {@code run} as ingest does: {@code PUT /api/runs/{runId}}, which must answer 200. */
    static void report(String runId, Map<String, Object> run) {
        warehouse()
                .contentType(ContentType.JSON)
                .body(run)
                .put("/api/runs/{id}", runId)
                .then()
                .statusCode(200);
    }

    static String uniqueSource() {
        return "console-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A SUCCEEDED run of {@code source}, its second attempt: {@code 12,345 fetched = 12,000 loaded + 300 rejected +
     * 45 duplicates}. Its load stages three records, one of which ({@code failingId}) has the status {@code closed},
     * which the field rule of {@link WarehouseProcess#FIELD_RULE_SOURCE} does not accept.
     */
    static Reported succeeded(String source, String error) {
        return succeeded(source, error, "2026-11-20T01:00:00Z");
    }

    /** As {@link #succeeded(String, String)}, started at {@code startedAt} (an ISO-8601 instant). */
    static Reported succeeded(String source, String error, String startedAt) {
        String prefix = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String loadId = warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", prefix))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        String failing = prefix + "-2";
        List<Map<String, Object>> records =
                List.of(record(prefix + "-1", "active"), record(failing, "closed"), record(prefix + "-3", "active"));
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "records",
                        records,
                        "rejects",
                        List.of(Map.of("reason", "amount: not a number", "raw", Map.of("id", prefix + "-9")))))
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .statusCode(200);
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("batches", 1, "records", 3, "rejects", 1, "watermark", "2026-11-19T10:00:00Z"))
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(200);

        String runId = UUID.randomUUID().toString();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source);
        run.put("status", "SUCCEEDED");
        run.put("logicalDate", "2026-11-20");
        run.put("trigger", "schedule");
        run.put("startedAt", startedAt);
        run.put(
                "finishedAt",
                java.time.Instant.parse(startedAt).plusSeconds(123).toString());
        run.put("pages", 124);
        run.put("fetched", 12_345);
        run.put("loaded", 12_000);
        run.put("rejected", 300);
        run.put("duplicates", 45);
        run.put("retries", 2);
        run.put("loadId", loadId);
        run.put("error", error);
        run.put(
                "attempts",
                List.of(
                        Map.of(
                                "number",
                                1,
                                "loadId",
                                UUID.randomUUID().toString(),
                                "startedAt",
                                "2026-11-20T01:00:00Z",
                                "lostBecause",
                                "the warehouse expired the load: no heartbeat for 90s"),
                        Map.of("number", 2, "loadId", loadId, "startedAt", "2026-11-20T01:01:00Z")));
        run.put("version", 1);
        run.put("inserted", 11_000);
        run.put("updated", 900);
        run.put("unchanged", 100);
        run.put(
                "pull",
                Map.of(
                        "mode",
                        "INCREMENTAL",
                        "since",
                        "2026-11-18T23:00:00Z",
                        "watermarkAtStart",
                        "2026-11-19T00:00:00Z",
                        "watermark",
                        "2026-11-19T10:00:00Z"));
        report(runId, run);
        return new Reported(runId, source, loadId, failing);
    }

    /**
     * A run of {@code source} reported without a load: {@code status}, started at {@code startedAt}, with
     * {@code pages} pages and {@code fetched} records fetched, all of them loaded once it ended; report version
     * {@code version}. Answers the run's id.
     */
    static String plain(
            String runId, String source, String status, String startedAt, int version, int pages, long fetched) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source);
        run.put("status", status);
        run.put("trigger", "schedule");
        run.put("startedAt", startedAt);
        if (!status.equals("RUNNING")) {
            run.put(
                    "finishedAt",
                    java.time.Instant.parse(startedAt).plusSeconds(60).toString());
        }
        run.put("pages", pages);
        run.put("fetched", fetched);
        run.put("loaded", status.equals("RUNNING") ? fetched / 2 : fetched);
        run.put("rejected", 0);
        run.put("duplicates", 0);
        run.put("version", version);
        report(runId, run);
        return runId;
    }

    /**
     * A SUCCEEDED run whose committed load quarantined {@code rejects} rejects, each {@code amount: not a number}
     * with a raw record {@code {"id": "r-<n>", "note": "a, \"quoted\" note"}} (a comma and quotes, which CSV must
     * quote), and a trace id.
     */
    static Reported withRejects(String source, int rejects) {
        String loadId = warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", "rejects"))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        List<Map<String, Object>> quarantined = new java.util.ArrayList<>();
        for (int i = 0; i < rejects; i++) {
            quarantined.add(Map.of(
                    "reason",
                    "amount: not a number",
                    "page",
                    1 + i / 100,
                    "raw",
                    Map.of("id", "r-" + i, "note", "a, \"quoted\" note")));
        }
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("records", List.of(record(source + "-1", "active")), "rejects", quarantined))
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .statusCode(200);
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("batches", 1, "records", 1, "rejects", rejects))
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(200);
        String runId = UUID.randomUUID().toString();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("source", source);
        run.put("status", "SUCCEEDED");
        run.put("trigger", "api");
        run.put("startedAt", "2026-11-22T01:00:00Z");
        run.put("finishedAt", "2026-11-22T01:02:00Z");
        run.put("fetched", 1 + rejects);
        run.put("loaded", 1);
        run.put("rejected", rejects);
        run.put("duplicates", 0);
        run.put("loadId", loadId);
        run.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
        run.put("version", 1);
        report(runId, run);
        return new Reported(runId, source, loadId, null);
    }

    private static Map<String, Object> record(String id, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("userId", "u1");
        r.put("amount", "12.50");
        r.put("status", status);
        r.put("createdAt", "2026-11-19T10:00:00Z");
        return r;
    }
}
