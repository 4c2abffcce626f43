package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Invalid batches are refused whole, with problem+json naming the field, and stage nothing. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class BatchValidationTest {

    @TestHTTPResource("/")
    URI base;

    private String loadId;
    private String prefix;
    private String at;

    @BeforeEach
    void openLoad() {
        loadId = Api.open(Api.uniqueSource());
        prefix = Api.uniquePrefix();
        at = Api.uniqueWeek() + "T12:00:00Z";
    }

    @Test
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 400 invalid-request")
    @Documents("errors: 400 urn:daily-etl:invalid-request")
    void missingIdNamesTheRecordAndField() {
        Map<String, Object> bad = record(null, "u", "1.00", "active", at);
        bad.remove("id");
        whenSent(List.of(record(prefix + "ok", "u", "1.00", "active", at), bad))
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("title", is("Invalid request"))
                .body("errors.field", hasItem("records[1].id"))
                .body("detail", containsString("records[1].id: required"));
        nothingStaged();
    }

    @Test
    void nonNumericAmountIsRefused() {
        whenSent(List.of(record(prefix + "1", "u", "12,50", "active", at)))
                .statusCode(400)
                .body("errors[0].field", is("records[0].amount"))
                .body("errors[0].message", containsString("\"12,50\""));
        nothingStaged();
    }

    @Test
    @Documents("troubleshooting: batch answers 400")
    void unparseableTimestampIsRefused() {
        whenSent(List.of(
                        record(prefix + "1", "u", "1.00", "active", "2026-02-30T12:00:00Z"),
                        record(prefix + "2", "u", "1.00", "active", "not-a-date"),
                        record(prefix + "3", "u", "1.00", "active", "2026-11-19T10:00:00")))
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body(
                        "errors.field",
                        is(List.of("records[0].createdAt", "records[1].createdAt", "records[2].createdAt")))
                .body("errors[1].message", startsWith("unparseable timestamp \"not-a-date\""))
                .body("detail", containsString("records[0].createdAt: unparseable timestamp"));
        nothingStaged();
    }

    @Test
    void wrongJsonTypesAreRefused() {
        Map<String, Object> numericId = record(prefix + "1", "u", "1.00", "active", at);
        numericId.put("id", 17);
        Map<String, Object> booleanAmount = record(prefix + "2", "u", "1.00", "active", at);
        booleanAmount.put("amount", true);
        Map<String, Object> listAttributes = record(prefix + "3", "u", "1.00", "active", at);
        listAttributes.put("attributes", List.of(1, 2));
        whenSent(List.of(numericId, booleanAmount, listAttributes))
                .statusCode(400)
                .body("errors.field", is(List.of("records[0].id", "records[1].amount", "records[2].attributes")));

        sendRaw("{\"records\": {\"id\": \"x\"}}").statusCode(400).body("errors[0].field", is("records"));
        sendRaw("{\"records\": [\"just a string\"]}").statusCode(400).body("errors[0].field", is("records[0]"));
        sendRaw("[1, 2, 3]").statusCode(400).body("errors[0].field", is("body"));
        nothingStaged();
    }

    @Test
    void unknownFieldsAreRefusedNotDropped() {
        Map<String, Object> extra = record(prefix + "1", "u", "1.00", "active", at);
        extra.put("colour", "red");
        whenSent(List.of(extra)).statusCode(400).body("errors[0].field", is("records[0].colour"));
        nothingStaged();
    }

    @Test
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 400 malformed-json")
    @Documents("errors: 400 urn:daily-etl:malformed-json")
    void malformedJsonIsRefused() {
        sendRaw("{\"records\": [{\"id\": \"a\",,]}")
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:malformed-json"))
                .body("title", is("Malformed JSON"))
                .body("detail", containsString("line 1"));
        nothingStaged();
    }

    @Test
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 413 payload-too-large")
    @Documents("errors: 413 urn:daily-etl:payload-too-large")
    @Documents("troubleshooting: batch answers 413")
    void oversizedBodyIsRefusedWith413() {
        // 17 MiB: above warehouse.batch.max-bytes (16M), below the HTTP layer's hard cap
        StringBuilder body = new StringBuilder(18 * 1024 * 1024).append("{\"records\":[");
        String one =
                "{\"id\":\"%s\",\"userId\":\"u\",\"amount\":\"1.00\",\"status\":\"active\",\"createdAt\":\"%s\",\"attributes\":{\"pad\":\"%s\"}}";
        String pad = "x".repeat(900);
        for (int i = 0; body.length() < 17 * 1024 * 1024; i++) {
            body.append(i == 0 ? "" : ",").append(one.formatted(prefix + i, at, pad));
        }
        body.append("],\"rejects\":[]}");

        sendRaw(body.toString())
                .statusCode(413)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:payload-too-large"))
                .body("detail", containsString("warehouse.batch.max-bytes"));
        nothingStaged();
    }

    @Test
    void oversizedBodyWithoutContentLengthIsRefusedWith413() throws Exception {
        // 17 MiB of rejects sent chunked, so only counting what is read can find it above warehouse.batch.max-bytes
        String reject = "{\"reason\":\"id: missing\",\"raw\":{\"pad\":\"" + "x".repeat(900) + "\"}}";
        byte[] body = ("{\"records\":[],\"rejects\":["
                        + String.join(",", Collections.nCopies(17 * 1024 * 1024 / reject.length(), reject)) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/loads/" + loadId + "/batches/0"))
                .header("Authorization", "Bearer " + Api.TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(response.body()).contains("warehouse.batch.max-bytes");
        nothingStaged();
    }

    @Test
    void rejectWithoutReasonIsRefused() {
        Map<String, Object> reject = new LinkedHashMap<>();
        reject.put("page", 2);
        reject.put("raw", Map.of("id", "x"));
        api().contentType(ContentType.JSON)
                .body(Map.of("records", List.of(), "rejects", List.of(reject)))
                .when()
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .statusCode(400)
                .body("errors[0].field", is("rejects[0].reason"));
        nothingStaged();
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 400 invalid-request")
    @Documents("http-api: POST /api/loads 400 invalid-request")
    void invalidCommitBodyNamesTheField() {
        api().contentType(ContentType.JSON)
                .body(Map.of("batches", "many", "records", 1, "rejects", 0))
                .when()
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("batches"));
        api().contentType(ContentType.JSON)
                .body(Map.of("batches", 1, "rejects", 0))
                .when()
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("records"));
        api().contentType(ContentType.JSON)
                .body(Map.of("batches", 1, "records", -1, "rejects", 0))
                .when()
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("records"));
        // and the load stays OPEN
        api().when().get("/api/loads/{id}", loadId).then().body("status", is("OPEN"));
        api().contentType(ContentType.JSON)
                .body(Map.of("runId", "no source"))
                .when()
                .post("/api/loads")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("source"));
        api().contentType(ContentType.JSON)
                .when()
                .post("/api/loads")
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"));
    }

    @Test
    void negativeSeqIsRefused() {
        api().contentType(ContentType.JSON)
                .body(Map.of("records", List.of()))
                .when()
                .put("/api/loads/{id}/batches/-1", loadId)
                .then()
                .statusCode(400)
                .body("errors[0].field", is("seq"));
    }

    @Test
    void seqThatIsNotANumberIsRefusedNamingIt() {
        api().contentType(ContentType.JSON)
                .body(Map.of("records", List.of()))
                .when()
                .put("/api/loads/{id}/batches/first", loadId)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("seq"))
                .body("detail", is("seq: must be a non-negative integer, got \"first\""));
    }

    private ValidatableResponse whenSent(List<Map<String, Object>> records) {
        return Api.putBatch(loadId, 0, records, List.of()).contentType("application/problem+json");
    }

    private ValidatableResponse sendRaw(String body) {
        return api().contentType(ContentType.JSON)
                .body(body)
                .when()
                .put("/api/loads/{id}/batches/0", loadId)
                .then();
    }

    private void nothingStaged() {
        api().when()
                .get("/api/loads/{id}", loadId)
                .then()
                .statusCode(200)
                .body("status", is("OPEN"))
                .body("batches", is(0))
                .body("records", is(0));
        try {
            assertThat(Api.snapshotCount(prefix)).isZero();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
