package io.dailyetl.report;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class HealthEndpointsTest {

    @Test
    void livenessAndMetricsAreOpen() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("report-service"));
        given().when().get("/q/metrics")
                .then().statusCode(200);
    }
}
