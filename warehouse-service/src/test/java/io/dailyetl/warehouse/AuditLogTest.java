package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The console's audit log: written by an operator, read newest first by a reader, refused naming the field. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class AuditLogTest {

    static Map<String, Object> entry(String target, String outcome) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("actor", "operator");
        e.put("role", "operator");
        e.put("action", "run-now");
        e.put("target", target);
        e.put("outcome", outcome);
        e.put("detail", "the source <b>answered</b> 503");
        return e;
    }

    @Test
    @Documents("http-api: POST /api/audit 201")
    @Documents("http-api: GET /api/audit 200")
    void anOperatorWritesRowsAndAReaderReadsThemNewestFirst() {
        // given two rows written one after the other, one by a person whose name is not a plain token
        String first = "source " + UUID.randomUUID();
        String second = "source " + UUID.randomUUID();
        JsonPath written = api().contentType(ContentType.JSON)
                .body(entry(first, "OK"))
                .post("/api/audit")
                .then()
                .statusCode(201)
                .body("actor", is("operator"), "outcome", is("OK"), "target", is(first))
                .extract()
                .jsonPath();
        Map<String, Object> byJane = entry(second, "FAILED");
        byJane.put("actor", "Jane Doe <jane@example.com>");
        api().contentType(ContentType.JSON)
                .body(byJane)
                .post("/api/audit")
                .then()
                .statusCode(201);

        // when a reader reads the log
        List<Map<String, Object>> rows = given().auth()
                .oauth2(RoleMatrixTest.READER)
                .get("/api/audit?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");

        // then both are there, the later first, with their time and the detail as written
        List<Object> targets = rows.stream().map(r -> r.get("target")).toList();
        assertThat(targets).contains(first, second);
        assertThat(targets.indexOf(second)).isLessThan(targets.indexOf(first));
        Map<String, Object> row = rows.get(targets.indexOf(first));
        assertThat(row.get("id")).isEqualTo(written.get("id"));
        assertThat(row.get("at")).isNotNull();
        assertThat(row.get("detail")).isEqualTo("the source <b>answered</b> 503");
        assertThat(rows.get(targets.indexOf(second)).get("actor")).isEqualTo("Jane Doe <jane@example.com>");
    }

    @Test
    @Documents("http-api: POST /api/audit 400 invalid-request")
    void anInvalidRowIsRefusedNamingEveryFieldAtFault() {
        Map<String, Object> bad = entry("x", "MAYBE");
        bad.put("actor", "jane\ndoe");
        bad.put("action", "Run Now");
        bad.put("detail", "d".repeat(4001));

        api().contentType(ContentType.JSON)
                .body(bad)
                .post("/api/audit")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors.field", hasItems("actor", "action", "outcome", "detail"));
    }

    @Test
    @Documents("http-api: GET /api/audit 400 invalid-request")
    void aLimitOutOfRangeIsRefusedNamingIt() {
        api().get("/api/audit?limit=0").then().statusCode(400).body("errors[0].field", is("limit"));
        api().get("/api/audit?limit=501").then().statusCode(400).body("errors[0].field", is("limit"));
    }
}
