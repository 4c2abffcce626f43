package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With the warehouse unreachable, report-service answers 503 problem+json and is not ready. */
@QuarkusTest
@TestProfile(WarehouseDownTest.NoWarehouse.class)
class WarehouseDownTest {

    public static class NoWarehouse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.warehouse.url", "http://127.0.0.1:" + FailureModesTest.closedPort());
        }
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 503 warehouse-unavailable")
    @Documents("errors: 503 urn:daily-etl:warehouse-unavailable")
    void warehouseDownAnswers503() {
        api().contentType(ContentType.JSON)
                .body(Map.of("end", "2026-11-23", "to", List.of("ops@example.com")))
                .post("/api/reports/weekly")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:warehouse-unavailable"))
                .body("detail", containsString("the warehouse cannot be reached"));
        api().queryParam("end", "2026-11-23")
                .get("/api/reports/weekly.csv")
                .then()
                .statusCode(503)
                .contentType("application/problem+json");
        given().get("/q/health/ready").then().statusCode(503).body("status", is("DOWN"));
    }
}
