package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default, static world: no days, no updated_at, no filter; the page counts and the state work as anywhere. */
@QuarkusTest
class StaticWorldTest {

    private static final int RECORDS = 500;

    @Test
    void theWorldCannotAdvance() {
        given().when()
                .get("/admin/world")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("demo.world=changing"));
        given().when().post("/admin/world/advance").then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void theChangedSinceFilterNeedsAChangingWorld() {
        assertThat(Pages.all(RECORDS)).noneMatch(r -> r.has("updated_at"));
        for (String url : new String[] {
            "/api/transactions",
            "/api/transactions/offset",
            "/api/transactions/cursor",
            "/api/transactions/next",
            "/api/transactions/linked",
            "/api/expected/counts"
        }) {
            given().when()
                    .get(url + "?updated_since=2026-11-16T00:00:00Z")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("detail", containsString("updated_since: needs demo.world=changing"));
            given().when()
                    .get(url + "?updated_before=1700000000")
                    .then()
                    .statusCode(400)
                    .body("detail", containsString("updated_before: needs demo.world=changing"));
        }
    }

    @Test
    void theStatsCountServedPagesAndRecords() {
        given().when()
                .post("/admin/stats/reset")
                .then()
                .statusCode(200)
                .body("requests", equalTo(0))
                .body("records", equalTo(0));

        given().when().get("/api/transactions?page=1&size=30").then().statusCode(200);
        given().when()
                .get("/api/transactions/offset?offset=490&limit=30")
                .then()
                .statusCode(200);
        given().when().get("/api/transactions/cursor?size=7").then().statusCode(200);
        given().when().get("/api/transactions/next?page=99").then().statusCode(200);
        given().when().get("/api/transactions/linked?page=2&size=3").then().statusCode(200);
        given().when().get("/api/transactions?page=0").then().statusCode(400);

        given().when()
                .get("/admin/stats")
                .then()
                .statusCode(200)
                .body("requests", equalTo(5))
                .body("records", equalTo(30 + 10 + 7 + 3));
    }

    @Test
    void theStateIsTheLastCleanOccurrenceOfEachId() {
        List<JsonNode> records = Pages.all(RECORDS);
        Map<String, Object> expected = ChangingWorld.state(ChangingWorld.latest(records));

        Map<String, Object> state = given().when()
                .get("/api/expected/state")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");

        assertThat(state).isEqualTo(expected);
    }
}
