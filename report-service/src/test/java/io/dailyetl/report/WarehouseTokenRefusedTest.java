package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report sending the warehouse a token that is not a reader's: nothing is built or sent, and the answer says why. */
@QuarkusTest
@TestProfile(WarehouseTokenRefusedTest.LoaderToken.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class WarehouseTokenRefusedTest {

    public static class LoaderToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pipeline.warehouse-token", WarehouseProcess.LOADER_TOKEN);
        }
    }

    @Test
    @Documents("troubleshooting: ingest or report fails with \"the warehouse answered 403\"")
    @Documents("http-api: POST /api/reports/weekly 503 warehouse-unavailable")
    void aReportCannotBeClaimedOrBuiltAndTheAnswerNamesTheRefusalAndTheToken() {
        LocalDate end = Fixtures.uniqueEnd();
        String to = Fixtures.uniqueAddress();
        for (Map<String, Object> body : List.of(
                Map.of("end", end.toString(), "to", List.of(to)),
                Map.<String, Object>of("end", end.toString(), "send", false))) {
            String detail = api().contentType(ContentType.JSON)
                    .body(body)
                    .post("/api/reports/weekly")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:warehouse-unavailable"))
                    .extract()
                    .path("detail");

            Fixtures.assertShowsQuotes(
                    detail, "troubleshooting: ingest or report fails with \"the warehouse answered 403\"");
            Fixtures.assertShowsQuotes(detail, "http-api: POST /api/reports/weekly 503 warehouse-unavailable");
            assertThat(detail)
                    .as("%s", body)
                    .contains("PIPELINE_WAREHOUSE_TOKEN")
                    .doesNotContain("cannot be reached");
        }
        assertThat(Fixtures.received(to)).isEmpty();
    }
}
