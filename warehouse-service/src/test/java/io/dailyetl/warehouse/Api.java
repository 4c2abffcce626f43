package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;

import io.dailyetl.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers for the warehouse API and a direct look at its database. Every test keeps to its own rows. */
final class Api {

    static final String TOKEN = "test-pipeline-token";

    /** A window of days no other test (in this JVM, or very likely in an earlier run) writes into. */
    private static final LocalDate BASE =
            LocalDate.of(2100, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 250_000));

    private static final AtomicInteger WEEKS = new AtomicInteger();

    private Api() {}

    static RequestSpecification api() {
        return given().auth().oauth2(TOKEN);
    }

    static String uniqueSource() {
        return "test-" + UUID.randomUUID().toString().substring(0, 13);
    }

    static String uniquePrefix() {
        return UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    /** The first day of a week that belongs to the caller alone (with a free week after it, for edge cases). */
    static LocalDate uniqueWeek() {
        return BASE.plusWeeks(2L * WEEKS.incrementAndGet());
    }

    static String open(String source) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", "run-" + source))
                .when()
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
    }

    static ValidatableResponse putBatch(
            String loadId, int seq, List<Map<String, Object>> records, List<Map<String, Object>> rejects) {
        return api().contentType(ContentType.JSON)
                .body(Map.of("records", records, "rejects", rejects))
                .when()
                .put("/api/loads/{id}/batches/{seq}", loadId, seq)
                .then()
                .log()
                .ifValidationFails();
    }

    static ValidatableResponse commit(String loadId, int batches, long records, long rejects) {
        return commit(loadId, batches, records, rejects, null);
    }

    /** Commits with a {@code watermark} (left out of the body when null). */
    static ValidatableResponse commit(String loadId, int batches, long records, long rejects, String watermark) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("batches", batches);
        body.put("records", records);
        body.put("rejects", rejects);
        if (watermark != null) {
            body.put("watermark", watermark);
        }
        return api().contentType(ContentType.JSON)
                .body(body)
                .when()
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .log()
                .ifValidationFails();
    }

    /** Opens a load, sends each list as one batch (seq 0, 1, …), commits and returns the commit answer. */
    static ValidatableResponse load(String source, List<List<Map<String, Object>>> batches) {
        String loadId = open(source);
        long records = 0;
        for (int seq = 0; seq < batches.size(); seq++) {
            putBatch(loadId, seq, batches.get(seq), List.of()).statusCode(200);
            records += batches.get(seq).size();
        }
        return commit(loadId, batches.size(), records, 0).statusCode(200);
    }

    static Map<String, Object> record(String id, String userId, String amount, String status, String createdAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("userId", userId);
        r.put("amount", amount);
        r.put("status", status);
        r.put("createdAt", createdAt);
        r.put("attributes", Map.of("channel", "web"));
        return r;
    }

    static List<Map<String, Object>> records(String prefix, int count, LocalDate day) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(record(
                    prefix + i,
                    prefix + "user-" + (i % 3),
                    (i + 1) + ".25",
                    "active",
                    day.atStartOfDay().plusMinutes(i).toString() + "Z"));
        }
        return list;
    }

    /** The snapshot row of an id straight from PostgreSQL (column name to value), or null. */
    static Map<String, Object> snapshotRow(String id) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select id, user_id, amount, status, created_at, "
                                + "attributes::text as attributes, load_id::text as load_id from daily_snapshot where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(rs.getMetaData().getColumnLabel(i), value instanceof Timestamp ts ? ts.toInstant() : value);
                }
                return row;
            }
        }
    }

    /**
     * Every row of daily_snapshot as text, in id order: what a test compares to show that nothing of the snapshot
     * changed (byte for byte).
     */
    static String snapshotDump() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select coalesce(string_agg(s::text, E'\\n' order by s.source, s.id), '') from daily_snapshot s")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** {@code warehouse_checks_total} of one check and outcome so far; 0 before the first. */
    static double checksCounted(MeterRegistry registry, String check, String outcome) {
        Counter counter = registry.find("warehouse.checks")
                .tag("check", check)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** How many snapshot rows have an id with this prefix. */
    static long snapshotCount(String prefix) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from daily_snapshot where id like ?")) {
            ps.setString(1, prefix.replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Sum of amounts of the snapshot rows whose id starts with the prefix. */
    static BigDecimal snapshotSum(String prefix) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps =
                        c.prepareStatement("select coalesce(sum(amount), 0) from daily_snapshot where id like ?")) {
            ps.setString(1, prefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1);
            }
        }
    }

    /** Moves a load's lease into the past, as if its time had run out. */
    static void lapseLease(String loadId) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "update load_ledger set lease_expires_at = now() - interval '1 second' where id = ?::uuid")) {
            ps.setString(1, loadId);
            ps.executeUpdate();
        }
    }

    /** Whether the load's staging table still exists. */
    static boolean stagingExists(String loadId) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select to_regclass(?) is not null")) {
            ps.setString(1, "staging.load_" + loadId.replace("-", ""));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
