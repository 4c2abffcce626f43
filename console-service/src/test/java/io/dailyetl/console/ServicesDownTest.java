package io.dailyetl.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With ingest and report not answering (nothing listens where the console looks for them), an action fails with a
 * readable cause, audited as FAILED, and the CSV download says report is not answering: never a stack trace.
 */
@QuarkusTest
@TestProfile(ServicesDownTest.NobodyAnswers.class)
@WithTestResource(WarehouseResource.class)
class ServicesDownTest {

    /** ingest and report on ports where nothing listens. */
    public static class NobodyAnswers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of(
                        "quarkus.rest-client.ingest.url", "http://127.0.0.1:" + ServiceProcess.freePort(),
                        "quarkus.rest-client.report.url", "http://127.0.0.1:" + ServiceProcess.freePort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aRunNowThatCannotReachIngestIsAuditedAsFailedWithAReadableCause() {
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");

        Response run = operator.post("/actions/run", Map.of("kind", "NOW"));

        assertThat(run.statusCode()).isEqualTo(303);
        String page = operator.get(run.header("Location")).asString();
        assertThat(page).contains("id=\"entry\"", "run-now", ">FAILED<").doesNotContain("Exception:", "\tat ");
        Map<String, Object> row = ActionsTest.auditRows().get(0);
        assertThat(row).containsEntry("action", "run-now").containsEntry("outcome", "FAILED");
        assertThat((String) row.get("detail")).isNotBlank();
    }

    @Test
    void withIngestDownThePagesSayItsSourcesCannotBeReadAndStillOfferARun() {
        // given the operator, and an ingest that does not answer
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");

        // when they open the actions page and the overview
        String actions = operator.get("/actions").asString();
        String overview = operator.get("/").asString();

        // then the actions say why no source is offered, and take a typed one (or none, for ingest's only source)
        assertThat(actions)
                .contains(
                        "id=\"sources-trouble\"",
                        "Ingest's sources could not be read just now (ingest is not answering)")
                .contains("<input id=\"run-now-source\" name=\"source\"", "id=\"run-now-button\"")
                .doesNotContain("<select id=\"run-now-source\"");
        // and the overview says so where ingest's sources would be, and shows the rest
        assertThat(overview)
                .contains("id=\"ingest-sources-trouble\"", "could not be read: ingest is not answering.")
                .doesNotContain("id=\"ingest-sources\"", "\tat ");
    }

    @Test
    void aCsvThatCannotBeReadSaysReportIsNotAnswering() {
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/reports");

        Response csv = viewer.get("/reports/weekly.csv?end=2026-11-09");

        assertThat(csv.statusCode()).isEqualTo(503);
        assertThat(csv.contentType()).startsWith("text/html");
        assertThat(csv.asString()).contains("report-service is not answering").doesNotContain("\tat ");
    }
}
