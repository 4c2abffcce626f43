package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With the warehouse unreachable, ingest starts no run, answers 503 problem+json for what it must ask it, and is not ready. */
@QuarkusTest
@TestProfile(WarehouseDownTest.NoWarehouse.class)
@WithTestResource(SourceResource.class)
class WarehouseDownTest {

    public static class NoWarehouse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.warehouse.url", "http://127.0.0.1:" + closedPort());
        }
    }

    @Test
    @Documents("http-api: POST /api/runs 503 warehouse-unavailable")
    @Documents("errors: 503 urn:daily-etl:warehouse-unavailable")
    void startingARunAnswers503AndStartsNothing() {
        api().when()
                .post("/api/runs")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:warehouse-unavailable"))
                .body("detail", containsString("could not open a load at the warehouse"));

        api().get("/api/runs").then().statusCode(200).body("size()", is(0));
    }

    @Test
    @Documents("http-api: GET /api/runs/{runId} 503 warehouse-unavailable")
    void aRunThatIsNotThisReplicasAnswers503() {
        String runId = UUID.randomUUID().toString();

        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:warehouse-unavailable"))
                .body("detail", containsString(runId))
                .body("detail", containsString("run history cannot be reached"));
    }

    @Test
    @Documents("http-api: GET /api/sources 503 warehouse-unavailable")
    void theSourcesAnswer503NamingTheWatermarkTheyCouldNotRead() {
        api().get("/api/sources")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:warehouse-unavailable"))
                .body("detail", containsString("could not read the watermark of"));
    }

    @Test
    @Documents("troubleshooting: readiness DOWN")
    void readinessIsDownNamingTheWarehouse() {
        given().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.find { it.name == 'warehouse' }.status", is("DOWN"))
                .body("checks.name", hasItem("warehouse"));
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
