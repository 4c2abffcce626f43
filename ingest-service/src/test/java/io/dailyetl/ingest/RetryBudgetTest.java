package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source that fails now and then on many pages uses up the run's retry budget: the run fails saying so. */
@QuarkusTest
@TestProfile(RetryBudgetTest.OneRetryPerRun.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class RetryBudgetTest {

    public static class OneRetryPerRun implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.source.retry.max-per-run", "1");
        }
    }

    @Test
    @Documents("troubleshooting: a run FAILED with \"retry budget … used up\" or \"gave up after … attempts\"")
    void aSecondFailingPageAfterTheBudgetIsSpentFailsTheRun() {
        // given three pages, the first and the second each failing once (each alone within ingest's attempts)
        source().resetAll();
        String p = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        servePages(List.of(
                Fixtures.clean(p + "a", 2, day), Fixtures.clean(p + "b", 2, day), Fixtures.clean(p + "c", 2, day)));
        failFirst(1);
        failFirst(2);

        // when a run reads them with a budget of one retry
        Map<String, Object> run = awaitRun(startRun());

        // then the second retry is refused: the run failed naming the budget, and its load was aborted
        assertThat(run).as("run %s", run).containsEntry("status", "FAILED").containsEntry("retries", 1);
        String error = (String) run.get("error");
        assertThat(error).contains("ingest.source.retry.max-per-run=1", "answered 503");
        Fixtures.assertShowsQuote(
                error,
                "troubleshooting: a run FAILED with \"retry budget … used up\" or \"gave up after … attempts\"",
                0);
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .body("status", is("ABORTED"));
    }

    private static void failFirst(int page) {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo(Integer.toString(page)))
                .inScenario("page-" + page)
                .whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("failed-once")
                .atPriority(1));
    }
}
