package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Attributes and a reject's raw record go from the request body into PostgreSQL as they were sent (not written
 * anew), so whatever JSON text a source sends must come out as the jsonb PostgreSQL itself makes of that text: the
 * expected values here are computed by PostgreSQL ({@code select ?::jsonb}), not by the code under test.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class RawJsonCopyTest {

    /** JSON texts exactly as a source may write them: whitespace, escapes, numbers as written, nesting. */
    private static final List<String> AWKWARD_JSON = List.of(
            "{}",
            "{ }",
            "{\n\t\"a\" : 1 ,\r\n  \"b\":\t[ 1 ,\n2 ] , \"c\" :\r{ }\n}",
            "{\"s\":\"back\\\\slash \\\\n not a newline \\\\\\\\ two\"}",
            "{\"q\":\"she said \\\"hi\\\"\",\"nl\":\"line\\nnext\\r\\nthird\\ttab\\b\\f\"}",
            "{\"u\":\"\\u00e9 \\u00C9 \\u4eac \\ud83d\\ude80 \\/ slash \\u005c backslash \\u0009 tab\"}",
            "{\"Zoë\":\"Zoë, 北京, emoji 🚀, RTL שלום\",\"é\\u00e9\":\"é\"}",
            "{\"n\":[1e3,1E3,1e+3,2.5e-3,-0.0,0.0,-0,12.50,0,-1,100.000,123456789012345678901234567890.0001]}",
            "{\"a\":{\"b\":[{\"c\":[]},{},[[[]]]],\"d\":null,\"e\":true,\"f\":false,\"g\":\"\"}}",
            "{\"k\":1,\"k\":2,\"k\":{\"x\":\"last wins\"}}",
            "{\"tab\\tkey\":\"\\t\",\"back\\\\key\":\"\\\\\",\"\\n\":\"\\\\\\n\"}",
            "{\"end\":\"\\\\\"}",
            "{\"sql\":\"'; DROP TABLE daily_snapshot; --\",\"copy\":\"\\\\N\",\"nul-looking\":\"\\\\0\"}");

    @Test
    void attributesAreStoredAsPostgresReadsTheTextThatWasSent() throws Exception {
        // given one record per awkward JSON text, sent as raw bytes, with attributes in different places
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T10:00:00Z";
        List<String> records = new ArrayList<>();
        for (int i = 0; i < AWKWARD_JSON.size(); i++) {
            String attributes = AWKWARD_JSON.get(i);
            String fields = "\"id\":\"" + prefix + i + "\",\"userId\":\"u\",\"amount\":\"1.00\",\"status\":\"active\","
                    + "\"createdAt\":\"" + at + "\"";
            records.add(
                    i % 2 == 0
                            ? "{ " + fields + ",\n  \"attributes\" :\t" + attributes + " \r\n}"
                            : "{\"attributes\":" + attributes + "," + fields + "}");
        }
        String loadId = Api.open(Api.uniqueSource());

        // when they are staged and committed
        put(loadId, "{\"records\":[\n" + String.join(",\n", records) + "\n],\"rejects\":[]}");
        Api.commit(loadId, 1, records.size(), 0).statusCode(200).body("inserted", is(records.size()));

        // then each record's attributes are what PostgreSQL makes of the text that was sent
        for (int i = 0; i < AWKWARD_JSON.size(); i++) {
            String sent = AWKWARD_JSON.get(i);
            assertThat(Api.snapshotRow(prefix + i).get("attributes")).as(sent).isEqualTo(jsonb(sent));
        }
    }

    @Test
    void rawRecordsOfRejectsAreStoredAsPostgresReadsTheTextThatWasSent() throws Exception {
        // given rejects whose raw records are the awkward texts, and a few that are not objects
        List<String> raws = new ArrayList<>(AWKWARD_JSON);
        raws.addAll(List.of(
                "\"a \\\"string\\\" \\u00e9\\n\"", "12.50", "-0.0", "1e3", "[ 1 ,\n\"two\" , null ]", "true", "null"));
        List<String> rejects = new ArrayList<>();
        for (int i = 0; i < raws.size(); i++) {
            rejects.add(
                    i % 2 == 0
                            ? "{\"reason\":\"id: missing\",\"page\":" + i + ",\"raw\" : " + raws.get(i) + "\n}"
                            : "{\"raw\":" + raws.get(i) + ",\"reason\":\"id: missing\"}");
        }
        String loadId = Api.open(Api.uniqueSource());

        // when they are staged
        put(loadId, "{\"records\":[],\"rejects\":[" + String.join(",", rejects) + "]}");

        // then each raw record is what PostgreSQL makes of the text that was sent
        List<String> stored = storedRaws(loadId);
        assertThat(stored).hasSize(raws.size());
        for (int i = 0; i < raws.size(); i++) {
            assertThat(stored.get(i)).as(raws.get(i)).isEqualTo(jsonb(raws.get(i)));
        }
    }

    @Test
    void attributesOfTheLastRecordAtTheEndOfTheBodyAndAbsentAttributes() throws Exception {
        // given a record without attributes, one with null attributes and one whose attributes end the body's records
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T10:00:00Z";
        String fields = "\"userId\":\"u\",\"amount\":12.50,\"status\":\"active\",\"createdAt\":\"" + at + "\"";
        String last = "{\"x\":[\"\\\\\"],\"y\":\"\\n\"}";
        String body = "{\"rejects\":[],\"records\":[{\"id\":\"" + prefix + "none\"," + fields + "},"
                + "{\"id\":\"" + prefix + "null\"," + fields + ",\"attributes\":null},"
                + "{\"id\":\"" + prefix + "last\"," + fields + ",\"attributes\":" + last + "}]}";
        String loadId = Api.open(Api.uniqueSource());

        // when staged and committed
        put(loadId, body);
        Api.commit(loadId, 1, 3, 0).statusCode(200).body("inserted", is(3));

        // then
        assertThat(Api.snapshotRow(prefix + "none").get("attributes")).isEqualTo(jsonb("{}"));
        assertThat(Api.snapshotRow(prefix + "null").get("attributes")).isEqualTo(jsonb("{}"));
        assertThat(Api.snapshotRow(prefix + "last").get("attributes")).isEqualTo(jsonb(last));
    }

    @Test
    void aBodyInUtf16IsReadLikeTheSameBodyInUtf8() throws Exception {
        // given a batch sent as UTF-16 (JSON's other encodings, which the parser detects)
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T10:00:00Z";
        String attributes = "{ \"note\" : \"Zoë \\u00e9 🚀\",\n\"n\": 12.50 }";
        String body = "{\"records\":[{\"id\":\"" + prefix
                + "16\",\"userId\":\"Zoë\",\"amount\":\"1.00\",\"status\":\"active\"," + "\"createdAt\":\"" + at
                + "\",\"attributes\":" + attributes + "}],\"rejects\":[]}";
        String loadId = Api.open(Api.uniqueSource());

        // when staged and committed
        api().contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_16BE))
                .when()
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200);
        Api.commit(loadId, 1, 1, 0).statusCode(200).body("inserted", is(1));

        // then
        Map<String, Object> row = Api.snapshotRow(prefix + "16");
        assertThat(row.get("user_id")).isEqualTo("Zoë");
        assertThat(row.get("attributes")).isEqualTo(jsonb(attributes));
    }

    private static void put(String loadId, String body) {
        api().contentType(ContentType.JSON)
                .body(body.getBytes(StandardCharsets.UTF_8))
                .when()
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200);
    }

    /** What PostgreSQL makes of a JSON text, as jsonb's text. */
    private static String jsonb(String json) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select ?::jsonb::text")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static List<String> storedRaws(String loadId) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("select raw::text from quarantined_reject "
                        + "where load_id = ?::uuid order by seq, position")) {
            ps.setString(1, loadId);
            List<String> raws = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    raws.add(rs.getString(1));
                }
            }
            return raws;
        }
    }
}
