package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ingest sending the warehouse a token that is not a loader's: no run starts, and the answer says why. */
@QuarkusTest
@TestProfile(WarehouseTokenRefusedTest.ReaderToken.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class WarehouseTokenRefusedTest {

    public static class ReaderToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pipeline.warehouse-token", WarehouseProcess.READER_TOKEN);
        }
    }

    @Test
    @Documents("troubleshooting: ingest or report fails with \"the warehouse answered 403\"")
    @Documents("http-api: POST /api/runs 503 warehouse-unavailable")
    void aRunCannotOpenItsLoadAndTheAnswerNamesTheRefusalAndTheToken() {
        String detail = api().when()
                .post("/api/runs")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:warehouse-unavailable"))
                .extract()
                .path("detail");

        Fixtures.assertShowsQuotes(
                detail, "troubleshooting: ingest or report fails with \"the warehouse answered 403\"");
        Fixtures.assertShowsQuotes(detail, "http-api: POST /api/runs 503 warehouse-unavailable");
        assertThat(detail).contains("PIPELINE_WAREHOUSE_TOKEN");
    }
}
