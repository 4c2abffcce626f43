package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.run.PullRequest;
import io.dailyetl.ingest.run.RunAlreadyActive;
import io.dailyetl.ingest.run.Runs;
import io.dailyetl.testing.LogCapture;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs of different sources go on at the same time, up to {@code ingest.run.max-concurrent}; a source has one run at
 * a time; each run loads its own source's records.
 */
@QuarkusTest
@TestProfile(ConcurrentSourcesTest.ThreeSlowSources.class)
@WithTestResource(WarehouseResource.class)
class ConcurrentSourcesTest {

    /** Three sources on one WireMock, each answering its first page after 3 s; two runs at once at most. */
    static final WireMockServer SOURCES =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    public static class ThreeSlowSources implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (!SOURCES.isRunning()) {
                SOURCES.start();
                serve("alpha", 2);
                serve("beta", 3);
                serve("gamma", 1);
            }
            String base = SOURCES.baseUrl();
            return Map.of(
                    "ingest.sources.alpha.url", base + "/alpha",
                    "ingest.sources.beta.url", base + "/beta",
                    "ingest.sources.gamma.url", base + "/gamma",
                    "ingest.run.max-concurrent", "2");
        }

        /** {@code records} clean records of {@code source} on page 1, after 3 s; every later page empty. */
        private static void serve(String source, int records) {
            SOURCES.stubFor(get(urlPathEqualTo("/" + source))
                    .atPriority(10)
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"results\": []}")));
            StringBuilder body = new StringBuilder();
            for (int i = 1; i <= records; i++) {
                body.append(i > 1 ? "," : "")
                        .append("{\"id\":\"")
                        .append(source)
                        .append('-')
                        .append(i)
                        .append("\",\"user_id\":\"u\",\"amount\":\"1.00\",\"status\":\"active\","
                                + "\"created_at\":\"2026-11-02T10:00:00Z\"}");
            }
            SOURCES.stubFor(get(urlPathEqualTo("/" + source))
                    .atPriority(1)
                    .withQueryParam("page", equalTo("1"))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"results\": [" + body + "]}")
                            .withFixedDelay(3_000)));
        }
    }

    @Inject
    Runs runs;

    @Inject
    ConfiguredSources sources;

    @Inject
    MeterRegistry registry;

    /** ingest_runs_total{source, status="succeeded"}: there from the start for every source. */
    private double succeededRuns(String source) {
        return registry.get("ingest.runs")
                .tag("source", source)
                .tag("status", "succeeded")
                .counter()
                .count();
    }

    @Test
    @Documents("http-api: POST /api/runs 409 conflict")
    @Documents("errors: 409 urn:daily-etl:conflict")
    void twoSourcesRunAtOnceAThirdWaitsForASlotAndASourceHasOneRunAtATime() {
        LocalDate today = LocalDate.now();

        // when alpha and beta are started
        RunView alpha = runs.start(source("alpha"), today, "test", PullRequest.NONE);
        RunView beta = runs.start(source("beta"), today, "test", PullRequest.NONE);

        // then both are running at once
        assertThat(status(alpha.runId())).isEqualTo(RunStatus.RUNNING);
        assertThat(status(beta.runId())).isEqualTo(RunStatus.RUNNING);
        // and alpha again is refused as in progress, gamma as over the limit, each saying so
        assertThatThrownBy(() -> runs.start(source("alpha"), today, "test", PullRequest.NONE))
                .isInstanceOf(RunAlreadyActive.class)
                .hasMessageContaining("of alpha is in progress");
        assertThatThrownBy(() -> runs.start(source("gamma"), today, "test", PullRequest.NONE))
                .isInstanceOf(RunAlreadyActive.class)
                .hasMessageContaining("ingest.run.max-concurrent");
        // and over the API, gamma past the limit is a conflict naming the setting
        given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .contentType("application/json")
                .body(Map.of("source", "gamma"))
                .post("/api/runs")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("as many as ingest.run.max-concurrent allows"));

        // when they end, then each loaded its own source's records
        await().atMost(Duration.ofSeconds(60)).until(() -> status(alpha.runId()) != RunStatus.RUNNING);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(beta.runId()) != RunStatus.RUNNING);
        RunView alphaEnd = runs.get(alpha.runId()).orElseThrow();
        RunView betaEnd = runs.get(beta.runId()).orElseThrow();
        assertThat(alphaEnd.status()).as("%s", alphaEnd).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(betaEnd.status()).as("%s", betaEnd).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(alphaEnd.fetched()).isEqualTo(2);
        assertThat(betaEnd.fetched()).isEqualTo(3);

        // and gamma may run now
        RunView gamma = runs.start(source("gamma"), today, "test", PullRequest.NONE);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(gamma.runId()) != RunStatus.RUNNING);
        assertThat(runs.get(gamma.runId()).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @Test
    void aScheduledRunPastTheLimitWaitsForARunToEndThenRuns() {
        LocalDate today = LocalDate.now();
        // given alpha and beta running, as many as the limit allows
        RunView alpha = runs.start(source("alpha"), today, "test", PullRequest.NONE);
        RunView beta = runs.start(source("beta"), today, "test", PullRequest.NONE);

        // when gamma's scheduled run comes due
        CompletableFuture<Optional<RunView>> gamma =
                CompletableFuture.supplyAsync(() -> runs.startScheduled(source("gamma")));

        // then it waits while both run
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> !gamma.isDone() && status(alpha.runId()) == RunStatus.RUNNING);
        // and starts once one of them ended, and succeeds
        Optional<RunView> started = gamma.orTimeout(60, TimeUnit.SECONDS).join();
        assertThat(started).isPresent();
        assertThat(started.get().trigger()).isEqualTo("schedule");
        assertThat(List.of(status(alpha.runId()), status(beta.runId()))).contains(RunStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(started.get().runId()) != RunStatus.RUNNING);
        assertThat(status(started.get().runId())).isEqualTo(RunStatus.SUCCEEDED);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status(alpha.runId()) != RunStatus.RUNNING && status(beta.runId()) != RunStatus.RUNNING);
    }

    @Test
    void aScheduledRunThatFindsNoSlotWithinTheQueueWaitIsSkippedSayingWhy() {
        LocalDate today = LocalDate.now();
        // given alpha and beta running, as many as the limit allows
        RunView alpha = runs.start(source("alpha"), today, "test", PullRequest.NONE);
        RunView beta = runs.start(source("beta"), today, "test", PullRequest.NONE);

        // when gamma's scheduled run comes due and may wait half a second (a page of either takes 3 s)
        Optional<RunView> gamma;
        List<String> logged;
        try (LogCapture log = LogCapture.of("io.dailyetl")) {
            gamma = runs.startScheduled(source("gamma"), Duration.ofMillis(500));
            logged = log.messages();
        }

        // then it did not start, and the log says why and which setting to look at
        assertThat(gamma).isEmpty();
        assertThat(logged)
                .anySatisfy(m -> assertThat(m)
                        .contains("scheduled run of gamma not started")
                        .contains("ingest.run.queue-wait"));
        assertThat(status(alpha.runId())).isEqualTo(RunStatus.RUNNING);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status(alpha.runId()) != RunStatus.RUNNING && status(beta.runId()) != RunStatus.RUNNING);
    }

    @Test
    @Documents("http-api: GET /api/sources 200")
    void theSourcesAreListedEachWithItsScheduleAndLastRun() {
        // given a run of gamma that ended
        double gammaBefore = succeededRuns("gamma");
        double alphaBefore = succeededRuns("alpha");
        double gammaRecords = registry.get("ingest.records")
                .tag("source", "gamma")
                .tag("outcome", "loaded")
                .counter()
                .count();
        RunView gamma = runs.start(source("gamma"), LocalDate.now(), "test", PullRequest.NONE);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(gamma.runId()) != RunStatus.RUNNING);

        // then its meters moved, under its own source only
        assertThat(succeededRuns("gamma")).isEqualTo(gammaBefore + 1);
        assertThat(succeededRuns("alpha")).isEqualTo(alphaBefore);
        assertThat(registry.get("ingest.records")
                        .tag("source", "gamma")
                        .tag("outcome", "loaded")
                        .counter()
                        .count())
                .isEqualTo(gammaRecords + 1);
        assertThat(registry.get("ingest.last.success.timestamp.seconds")
                        .tag("source", "gamma")
                        .gauge()
                        .value())
                .isPositive();

        // when the sources are asked for
        var answer = given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .get("/api/sources")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"));

        // then each is there by name, with its URL, its schedule (off in tests) and, for gamma, that run as its last
        answer.body("name", contains("alpha", "beta", "gamma"))
                .body(
                        "url",
                        contains(
                                SOURCES.baseUrl() + "/alpha",
                                SOURCES.baseUrl() + "/beta",
                                SOURCES.baseUrl() + "/gamma"))
                .body("schedule.source", contains("alpha", "beta", "gamma"))
                .body("schedule.cron", everyItem(is("off")))
                .body("[2].lastRun.runId", is(gamma.runId().toString()))
                .body("[2].lastRun.status", is("SUCCEEDED"))
                // and, none being incremental, no watermark and no lag
                .body("watermark", everyItem(nullValue()))
                .body("lagSeconds", everyItem(nullValue()));
    }

    @Test
    @Documents("http-api: GET /api/schedule 400 invalid-request")
    void theScheduleIsOneSourcesAndAsksWhichWhenNoneIsNamed() {
        // when one source's schedule is asked for, then it is that source's
        given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .get("/api/schedule?source=beta")
                .then()
                .statusCode(200)
                .body("source", is("beta"))
                .body("cron", is("off"));
        // and without a source, or with one there is not, it is refused naming source and the sources there are
        for (String query : List.of("", "?source=delta")) {
            given().auth()
                    .oauth2(WarehouseProcess.TOKEN)
                    .get("/api/schedule" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("source"))
                    .body("errors[0].message", containsString("alpha, beta, gamma"));
        }
    }

    @Test
    @Documents("http-api: POST /api/runs 202")
    @Documents("http-api: POST /api/runs 400 invalid-request")
    @Documents("http-api: GET /api/runs 200")
    @Documents("http-api: GET /api/runs 400 invalid-request")
    void theApiStartsAndListsTheRunsOfTheSourceARequestNamesAndAsksForOneWhenNoneIsNamed() {
        // when a run of gamma is asked for by name
        String runId = given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .contentType("application/json")
                .body(Map.of("source", "gamma"))
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
        await().atMost(Duration.ofSeconds(60)).until(() -> status(UUID.fromString(runId)) != RunStatus.RUNNING);

        // then gamma's list has it and alpha's does not
        List<String> gammas = given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .get("/api/runs?source=gamma&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .path("runId");
        List<String> alphas = given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .get("/api/runs?source=alpha&limit=100")
                .then()
                .statusCode(200)
                .extract()
                .path("runId");
        assertThat(gammas).contains(runId);
        assertThat(alphas).doesNotContain(runId);

        // and a run that names no source, or one there is not, is refused naming source and the sources there are
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("source", "delta"))) {
            given().auth()
                    .oauth2(WarehouseProcess.TOKEN)
                    .contentType("application/json")
                    .body(body)
                    .post("/api/runs")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", is("source"))
                    .body("errors[0].message", containsString("alpha, beta, gamma"));
        }
        // and so is a list that names no source, or one there is not, and a limit out of range
        for (String query : List.of("", "?source=delta", "?limit=100")) {
            given().auth()
                    .oauth2(WarehouseProcess.TOKEN)
                    .get("/api/runs" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:invalid-request"))
                    .body("errors[0].field", is("source"))
                    .body("errors[0].message", containsString("alpha, beta, gamma"));
        }
        given().auth()
                .oauth2(WarehouseProcess.TOKEN)
                .get("/api/runs?source=gamma&limit=101")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("limit"));
    }

    private io.dailyetl.ingest.config.SourceCatalog.SourceSettings source(String name) {
        return sources.named(name).orElseThrow();
    }

    private RunStatus status(UUID run) {
        return runs.get(run).orElseThrow().status();
    }
}
