package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
    @Documents("http-api: POST /api/audit 409 conflict")
    void anOutcomeFollowsItsStartedRowOnceAndOnlyAStartedRowOfTheSameActorAndAction() {
        // given an action on record as STARTED
        String target = "source " + UUID.randomUUID();
        int started = api().contentType(ContentType.JSON)
                .body(entry(target, "STARTED"))
                .post("/api/audit")
                .then()
                .statusCode(201)
                .body("outcome", is("STARTED"))
                .extract()
                .path("id");

        // when its outcome is written, following it
        Map<String, Object> outcome = entry(target, "OK");
        outcome.put("follows", started);
        int done = api().contentType(ContentType.JSON)
                .body(outcome)
                .post("/api/audit")
                .then()
                .statusCode(201)
                .body("follows", is(started))
                .extract()
                .path("id");

        // then a second outcome for it is refused, naming follows, and nothing is added
        Map<String, Object> again = entry(target, "FAILED");
        again.put("follows", started);
        api().contentType(ContentType.JSON)
                .body(again)
                .post("/api/audit")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("follows"));
        // and an outcome may not follow an outcome, another person's or another action's STARTED row
        Map<String, Object> ofAnOutcome = entry(target, "OK");
        ofAnOutcome.put("follows", done);
        Map<String, Object> ofAnother = entry(target, "OK");
        ofAnother.put("follows", started);
        ofAnother.put("actor", "someone-else");
        Map<String, Object> startedFollowing = entry(target, "STARTED");
        startedFollowing.put("follows", started);
        for (Map<String, Object> wrong : List.of(ofAnOutcome, ofAnother, startedFollowing)) {
            api().contentType(ContentType.JSON)
                    .body(wrong)
                    .post("/api/audit")
                    .then()
                    .statusCode(400)
                    .body("errors[0].field", is("follows"));
        }
        List<Map<String, Object>> rows = api().get("/api/audit?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.target == '" + target + "' }");
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("OK", "STARTED");
    }

    @Test
    @Documents("http-api: GET /api/audit 400 invalid-request")
    void aLimitOutOfRangeIsRefusedNamingIt() {
        api().get("/api/audit?limit=0").then().statusCode(400).body("errors[0].field", is("limit"));
        api().get("/api/audit?limit=501").then().statusCode(400).body("errors[0].field", is("limit"));
    }
}
