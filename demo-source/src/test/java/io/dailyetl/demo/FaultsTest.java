package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FaultsTest {

    @AfterEach
    void noFaults() {
        setFaults("{}");
    }

    @Test
    void theFailingPageAlwaysAnswers500InEveryStyle() {
        setFaults("{\"failingPage\":2}");

        for (int attempt = 0; attempt < 3; attempt++) {
            given().when()
                    .get("/api/transactions?page=2&size=50")
                    .then()
                    .statusCode(500)
                    .contentType("application/problem+json");
        }
        given().when().get("/api/transactions/offset?offset=50&limit=50").then().statusCode(500);
        given().when().get("/api/transactions/next?page=2&size=50").then().statusCode(500);
        given().when().get("/api/transactions/linked?page=2&size=50").then().statusCode(500);
        given().when().get("/api/transactions?page=1&size=50").then().statusCode(200);
        given().when().get("/api/transactions?page=3&size=50").then().statusCode(200);
    }

    @Test
    void throttlingAnswers429WithRetryAfter() {
        setFaults("{\"throttleRate\":1}");

        given().when().get("/api/transactions?page=1").then().statusCode(429).header("Retry-After", "1");
    }

    @Test
    void anErrorRateOfOneHalfFailsEverySecondRequest() {
        setFaults("{\"errorRate\":0.5}");

        List<Integer> statuses = new ArrayList<>();
        for (int page = 1; page <= 6; page++) {
            statuses.add(given().when().get("/api/transactions?page=" + page).statusCode());
        }

        assertThat(statuses).containsExactly(200, 500, 200, 500, 200, 500);
        given().when()
                .get("/admin/faults")
                .then()
                .statusCode(200)
                .body("pageRequests", equalTo(6))
                .body("injectedErrors", equalTo(3));
    }

    @Test
    void latencyDelaysEveryPage() {
        setFaults("{\"latencyMs\":300}");

        long started = System.nanoTime();
        given().when().get("/api/transactions/cursor").then().statusCode(200);

        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @Test
    void theAdminEndpointShowsAndChangesTheFaults() {
        given().when()
                .get("/admin/faults")
                .then()
                .statusCode(200)
                .body("errorRate", equalTo(0.0f))
                .body("failingPage", nullValue());

        setFaults("{\"errorRate\":0.25,\"throttleRate\":0.1,\"latencyMs\":5,\"failingPage\":7}");

        given().when()
                .get("/admin/faults")
                .then()
                .statusCode(200)
                .body("errorRate", equalTo(0.25f))
                .body("throttleRate", equalTo(0.1f))
                .body("latencyMs", equalTo(5))
                .body("failingPage", equalTo(7));
        given().contentType(ContentType.JSON)
                .body("{\"errorRate\":1.5}")
                .when()
                .put("/admin/faults")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"failingPage\":0}")
                .when()
                .put("/admin/faults")
                .then()
                .statusCode(400);
        given().when().get("/admin/faults").then().body("failingPage", equalTo(7));
    }

    private static void setFaults(String json) {
        given().contentType(ContentType.JSON)
                .body(json)
                .when()
                .put("/admin/faults")
                .then()
                .statusCode(200);
    }
}
