package io.dailyetl.console;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An action is written to the audit log before it is done: with the warehouse (which keeps the log) not answering,
 * the console refuses to act, says why, and ingest is never called.
 */
@QuarkusTest
@TestProfile(AuditLogDownTest.NoWarehouse.class)
class AuditLogDownTest {

    /** An ingest that would start any run it is asked to; no warehouse where the console looks for it. */
    static final WireMockServer INGEST =
            new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    /** The warehouse on a port where nothing listens, ingest a WireMock that counts what it is asked. */
    public static class NoWarehouse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            if (!INGEST.isRunning()) {
                INGEST.start();
                INGEST.stubFor(
                        post(urlPathEqualTo("/api/runs"))
                                .willReturn(
                                        aResponse()
                                                .withStatus(202)
                                                .withHeader("Content-Type", "application/json")
                                                .withBody(
                                                        "{\"runId\":\"6f1c2c1e-8d2a-4b8e-9c55-2d1f0c3a9b10\",\"status\":\"RUNNING\"}")));
            }
            try {
                return Map.of(
                        "quarkus.rest-client.warehouse.url",
                        "http://127.0.0.1:" + ServiceProcess.freePort(),
                        "quarkus.rest-client.ingest.url",
                        INGEST.baseUrl());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    @Documents("troubleshooting: the console says \"Not done: the audit log cannot be written\"")
    void withTheAuditLogUnwritableARunNowIsNotDoneAndIngestIsNeverCalled() {
        // given the operator, and a warehouse that does not answer
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        INGEST.resetRequests();

        // when they confirm a run now
        Response run = operator.post("/actions/run", Map.of("kind", "NOW"));

        // then the console says it did nothing, and why, readably
        assertThat(run.statusCode()).isEqualTo(503);
        assertThat(run.asString())
                .contains("Not done: the audit log cannot be written", "Nothing was called", "the warehouse")
                .doesNotContain("Exception:", "\tat ");
        // and ingest was asked nothing at all
        assertThat(INGEST.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
}
