package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The source misbehaves: transient errors are retried and lose nothing; anything else fails the run cleanly. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class SourceFailuresTest {

    private String prefix;
    private LocalDate day;

    @BeforeEach
    void freshSource() {
        source().resetAll();
        prefix = Fixtures.uniquePrefix();
        day = Fixtures.uniqueWeek();
    }

    @Test
    void serverErrorThenSuccessOnPage3IsRetriedAndNothingIsLost() {
        servePages(pages(4));
        failFirst(3, aResponse().withStatus(500).withBody("boom"));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 8)
                .containsEntry("loaded", 8)
                .containsEntry("retries", 1);
        assertThat(userTotal()).isEqualTo("12.00"); // 4 pages of 1.00 + 2.00
    }

    @Test
    void tooManyRequestsWithRetryAfterIsHonoured() {
        servePages(pages(2));
        failFirst(2, aResponse().withStatus(429).withHeader("Retry-After", "1"));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 4)
                .containsEntry("retries", 1);
        List<LoggedRequest> page2 = source().findAll(
                        getRequestedFor(urlPathEqualTo("/transactions")).withQueryParam("page", equalTo("2")));
        assertThat(page2).hasSize(2);
        long waitedMs = page2.get(1).getLoggedDate().getTime()
                - page2.get(0).getLoggedDate().getTime();
        assertThat(waitedMs).as("wait between the 429 and the retry").isGreaterThanOrEqualTo(900);
    }

    @Test
    void retryAfterZeroStillBacksOff() {
        servePages(pages(1));
        failFirst(1, aResponse().withStatus(503).withHeader("Retry-After", "0"));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run).containsEntry("status", "SUCCEEDED").containsEntry("retries", 1);
        List<LoggedRequest> page1 = source().findAll(
                        getRequestedFor(urlPathEqualTo("/transactions")).withQueryParam("page", equalTo("1")));
        long waitedMs = page1.get(1).getLoggedDate().getTime()
                - page1.get(0).getLoggedDate().getTime();
        assertThat(waitedMs)
                .as("at least ingest.source.retry.initial-backoff (10ms in tests)")
                .isGreaterThanOrEqualTo(10);
    }

    @Test
    void connectionResetIsRetried() {
        servePages(pages(2));
        failFirst(2, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        Map<String, Object> run = awaitRun(startRun());

        // (the JDK client itself may retry an idempotent GET once; either way the reset page is asked again)
        assertThat(run)
                .containsEntry("status", "SUCCEEDED")
                .containsEntry("fetched", 4)
                .containsEntry("loaded", 4);
        assertThat(source().findAll(
                                getRequestedFor(urlPathEqualTo("/transactions")).withQueryParam("page", equalTo("2"))))
                .hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Documents("troubleshooting: a run ended FAILED")
    void notFoundInTheMiddleFailsTheRunNamingTheUrlAndLeavesTheWarehouseAsItWas() {
        servePages(pages(3));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(404).withBody("no such page")));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error"))
                .contains(source().baseUrl() + "/transactions?page=2")
                .contains("404");
        assertThat(run)
                .as("a source's answer is the source's fault, and the same run would meet it again")
                .containsEntry("errorKind", "SOURCE")
                .containsEntry("errorTransient", false);
        assertThat(source().findAll(
                                getRequestedFor(urlPathEqualTo("/transactions")).withQueryParam("page", equalTo("2"))))
                .as("a 404 is not retried")
                .hasSize(1);
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .body("status", Matchers.is("ABORTED"));
        assertThat(Fixtures.spend(day, day.plusDays(1)).getList("rows.userId")).doesNotContain(prefix + "user");
    }

    @Test
    @Documents("troubleshooting: a run FAILED with \"retry budget … used up\" or \"gave up after … attempts\"")
    void persistentServerErrorsFailAfterTheAttemptBound() {
        servePages(pages(2));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(aResponse().withStatus(503)));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("503").contains("gave up after 3 attempts");
        assertThat(run)
                .as("a source that kept failing may recover")
                .containsEntry("errorKind", "SOURCE")
                .containsEntry("errorTransient", true);
        Fixtures.assertShowsQuote(
                (String) run.get("error"),
                "troubleshooting: a run FAILED with \"retry budget … used up\" or \"gave up after … attempts\"",
                1);
        assertThat(Fixtures.spend(day, day.plusDays(1)).getList("rows.userId")).doesNotContain(prefix + "user");
    }

    @Test
    @Documents("troubleshooting: a run ended FAILED")
    void malformedJsonFailsWithAClearError() {
        servePages(pages(2));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo("2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"results\": [{\"id\": ")));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("page 2").contains("not valid JSON");
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .body("status", Matchers.is("ABORTED"));
    }

    @Test
    void missingRecordsArrayIsAnErrorNotTheEnd() {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": []}")));

        Map<String, Object> run = awaitRun(startRun());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("no records array at \"results\"");
    }

    /** {@code n} pages of two records each: amounts 1.00 and 2.00 for one user. */
    private List<List<Map<String, Object>>> pages(int n) {
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            pages.add(clean(prefix + "p" + i + "-", 2, day).stream()
                    .peek(r -> r.put("user_id", prefix + "user"))
                    .toList());
        }
        return pages;
    }

    /** The first request for page {@code page} gets {@code failure}; later ones get the stubbed page. */
    private void failFirst(int page, ResponseDefinitionBuilder failure) {
        String scenario = "page-" + page;
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("page", equalTo(Integer.toString(page)))
                .inScenario(scenario)
                .whenScenarioStateIs(STARTED)
                .willReturn(failure)
                .willSetStateTo("failed-once")
                .atPriority(1));
    }

    private String userTotal() {
        List<Map<String, Object>> rows = Fixtures.spend(day, day.plusDays(1)).getList("rows");
        return rows.stream()
                .filter(r -> (prefix + "user").equals(r.get("userId")))
                .map(r -> (String) r.get("totalSpent"))
                .findFirst()
                .orElse(null);
    }
}
