package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;

import io.dailyetl.testing.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Test helpers for notifications: report runs, read the outbox, claim and answer as a sender does. */
final class Notices {

    private Notices() {}

    static ValidatableResponse report(String runId, Map<String, Object> run) {
        return api().contentType(ContentType.JSON)
                .body(run)
                .when()
                .put("/api/runs/{id}", runId)
                .then()
                .log()
                .ifValidationFails();
    }

    /** A run report of {@code source}, {@code status}, started and finished now. */
    static Map<String, Object> run(String source, String status, long version) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source);
        r.put("status", status);
        r.put("trigger", "schedule");
        r.put("logicalDate", "2026-12-02");
        r.put("startedAt", Instant.now().toString());
        if (!"RUNNING".equals(status)) {
            r.put("finishedAt", Instant.now().toString());
        }
        if ("FAILED".equals(status)) {
            r.put("error", "GET https://source.example/orders answered 500");
            r.put("errorKind", "SOURCE");
            r.put("errorTransient", true);
        }
        r.put("fetched", 0);
        r.put("attempts", List.of(Map.of("number", 1, "startedAt", Instant.now().toString())));
        r.put("version", version);
        return r;
    }

    /** Reports a new run of {@code source} that ended {@code status}; answers its id. */
    static String ended(String source, String status) {
        String runId = UUID.randomUUID().toString();
        report(runId, run(source, status, 1)).statusCode(200);
        return runId;
    }

    /** The events recorded for {@code subject}, oldest first. */
    static List<String> events(String subject) throws SQLException {
        List<String> events = new ArrayList<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select event from notification where subject = ? order by created_at, id")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getString(1));
                }
            }
        }
        return events;
    }

    /** The id of the only notification of {@code event} for {@code subject}. */
    static String idOf(String subject, String event) {
        List<String> ids = api().queryParam("subject", subject)
                .queryParam("limit", 500)
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.event == '" + event + "' }.id");
        if (ids.size() != 1) {
            throw new AssertionError("expected one " + event + " of " + subject + ", found " + ids);
        }
        return ids.get(0);
    }

    /**
     * Gives up every notification still to be sent, so that a claim test's claims see only the notifications it
     * records itself (tests run one at a time; other tests record notifications too).
     */
    static void settleOthers() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps =
                        c.prepareStatement("update notification set status = 'GAVE_UP', lease_expires_at = null "
                                + "where status in ('PENDING', 'SENDING')")) {
            ps.executeUpdate();
        }
    }

    static ValidatableResponse claim(String sender, Integer limit) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sender", sender);
        if (limit != null) {
            body.put("limit", limit);
        }
        return api().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/notifications/claim")
                .then()
                .log()
                .ifValidationFails();
    }

    static List<String> claimedIds(String sender, int limit) {
        return claim(sender, limit).statusCode(200).extract().jsonPath().getList("id");
    }

    static ValidatableResponse result(String id, String sender, List<Map<String, Object>> channels) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sender", sender);
        body.put("channels", channels);
        return api().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/notifications/{id}/result", id)
                .then()
                .log()
                .ifValidationFails();
    }

    static Map<String, Object> sent(String channel) {
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("channel", channel);
        ch.put("sent", true);
        return ch;
    }

    static Map<String, Object> failed(String channel, String error) {
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("channel", channel);
        ch.put("sent", false);
        ch.put("error", error);
        return ch;
    }

    static JsonPath notification(String id) {
        return api().get("/api/notifications/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
