package io.dailyetl.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.report.notify.NotificationSender;
import io.dailyetl.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against the real, packaged warehouse (through a pass-through proxy that a test may cut), real SMTP
 * (GreenMail) and a real HTTP receiver (WireMock) verifying signatures: a run reported FAILED is told once, by mail and
 * by webhook; a webhook that fails is sent again later, alone; a warehouse out of reach is one WARN.
 */
@QuarkusTest
@WithTestResource(WarehouseProxyResource.class)
@WithTestResource(SmtpResource.class)
@WithTestResource(WebhookResource.class)
class NotificationSenderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NotificationSender sender;

    @BeforeEach
    void receiverAccepts() {
        WebhookResource.accept();
    }

    @Test
    void aFailedRunReportedToTheWarehouseIsMailedAndPostedExactlyOnce() throws Exception {
        // given a run reported FAILED to the warehouse, which records its notification with it
        String source = "notify-" + Fixtures.uniquePrefix() + "payments";
        String runId = failedRun(source, "GET https://source.example/orders answered 500");
        UUID id = notificationOf(source, "RUN_FAILED");

        // when the sender polls until the warehouse has it SENT
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    sender.poll();
                    assertThat(notification(id).getString("status")).isEqualTo("SENT");
                });
        // and polls again, as it does every 15 seconds
        sender.poll();
        sender.poll();

        // then one mail arrived, saying what failed, with the notification's Message-ID
        List<MimeMessage> mails = NotificationChannelsTest.mails(id);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("[Daily ETL] " + source + ": run FAILED (2026-12-02)");
        assertThat(Fixtures.parts(mails.get(0)).text())
                .contains("Error (SOURCE, transient): GET https://source.example/orders answered 500")
                .contains(runId);

        // and one signed POST, keyed by the same id, with the run as the warehouse keeps it
        List<LoggedRequest> posts = NotificationChannelsTest.posts(id);
        assertThat(posts).hasSize(1);
        NotificationChannelsTest.assertSigned(posts.get(0));
        JsonNode body = JSON.readTree(posts.get(0).getBody());
        assertThat(body.path("run").path("runId").asText()).isEqualTo(runId);
        assertThat(body.path("run").path("status").asText()).isEqualTo("FAILED");
        assertThat(body.path("links").path("run").asText())
                .isEqualTo(WarehouseProxyResource.server().baseUrl() + "/api/runs/" + runId);

        // and the warehouse keeps both channels as sent, by this sender
        JsonPath stored = notification(id);
        assertThat(stored.getList("sentChannels")).containsExactlyInAnyOrder("email", "webhook");
        assertThat(stored.getString("claimedBy")).isEqualTo(sender.name());
    }

    @Test
    void aWebhookThatFailsIsSentAgainAloneOnceTheWarehouseRetriesIt() {
        // given a receiver that answers 500, and a failed run
        StubMapping failing = WebhookResource.server()
                .stubFor(post(urlPathEqualTo(WebhookResource.SECRET_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(500)));
        String source = "notify-" + Fixtures.uniquePrefix() + "orders";
        failedRun(source, "the source answered 503");
        UUID id = notificationOf(source, "RUN_FAILED");

        // when the sender sends it: the mail goes, the webhook fails
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    sender.poll();
                    assertThat(notification(id).getInt("attempts")).isEqualTo(1);
                });
        JsonPath afterFirst = notification(id);
        assertThat(afterFirst.getString("status")).isEqualTo("PENDING");
        assertThat(afterFirst.getList("sentChannels")).containsExactly("email");
        assertThat(afterFirst.getString("lastError"))
                .contains("webhook http://127.0.0.1:" + WebhookResource.server().port() + " answered 500")
                .doesNotContain("pathTokenXyz123");

        // and once the receiver answers and the warehouse's backoff has passed
        WebhookResource.server().removeStub(failing);
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    sender.poll();
                    assertThat(notification(id).getString("status")).isEqualTo("SENT");
                });

        // then the webhook was tried twice with one key, the mail sent once
        List<LoggedRequest> posts = NotificationChannelsTest.posts(id);
        assertThat(posts).hasSize(2);
        posts.forEach(NotificationChannelsTest::assertSigned);
        assertThat(NotificationChannelsTest.mails(id)).hasSize(1);
        assertThat(notification(id).getList("sentChannels")).containsExactlyInAnyOrder("email", "webhook");
    }

    @Test
    void aWarehouseOutOfReachIsOneWarningPerOutageAndNothingIsThrown() {
        // given the warehouse's claim cut off (a network partition)
        StubMapping cut = WarehouseProxyResource.server()
                .stubFor(WireMock.post(urlPathEqualTo("/api/notifications/claim"))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        try (LogCapture log = LogCapture.of("io.dailyetl.report")) {
            // when the sender polls three times
            assertThat(sender.poll()).isZero();
            assertThat(sender.poll()).isZero();
            assertThat(sender.poll()).isZero();

            // then it warned once
            assertThat(log.messages().stream().filter(m -> m.contains("could not claim notifications")))
                    .hasSize(1);

            // and once the warehouse answers again, it says so once
            WarehouseProxyResource.server().removeStub(cut);
            sender.poll();
            sender.poll();
            assertThat(log.messages().stream().filter(m -> m.contains("the warehouse answers again")))
                    .hasSize(1);
        } finally {
            WarehouseProxyResource.server().removeStub(cut);
        }
    }

    // ---- helpers

    /** Reports a run of {@code source} as FAILED with {@code error}; answers its id. */
    static String failedRun(String source, String error) {
        String runId = UUID.randomUUID().toString();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source);
        r.put("status", "FAILED");
        r.put("trigger", "schedule");
        r.put("logicalDate", "2026-12-02");
        r.put("startedAt", Instant.now().minusSeconds(75).toString());
        r.put("finishedAt", Instant.now().toString());
        r.put("error", error);
        r.put("errorKind", "SOURCE");
        r.put("errorTransient", true);
        r.put("fetched", 0);
        r.put(
                "attempts",
                List.of(Map.of(
                        "number", 1, "startedAt", Instant.now().minusSeconds(75).toString())));
        r.put("version", 1);
        Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(r)
                .put("/api/runs/{id}", runId)
                .then()
                .statusCode(200);
        return runId;
    }

    /** The id of the one notification of {@code event} the warehouse recorded for {@code source}. */
    static UUID notificationOf(String source, String event) {
        List<String> ids = Fixtures.warehouse()
                .queryParam("subject", "source:" + source)
                .queryParam("limit", 100)
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.event == '" + event + "' }.id");
        assertThat(ids).as("%s notifications of %s", event, source).hasSize(1);
        return UUID.fromString(ids.get(0));
    }

    static JsonPath notification(UUID id) {
        return Fixtures.warehouse()
                .get("/api/notifications/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
