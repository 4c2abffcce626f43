package io.dailyetl.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.contract.notifications.NotificationResult.ChannelResult;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.notify.NotificationSender;
import io.dailyetl.report.notify.WebhookSignature;
import io.dailyetl.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sender's channels, driven with notifications the test builds (the warehouse's claim left out): real SMTP
 * (GreenMail) and a real HTTP receiver (WireMock) that verifies every signature as a receiver would.
 */
@QuarkusTest
@WithTestResource(WarehouseProxyResource.class)
@WithTestResource(SmtpResource.class)
@WithTestResource(WebhookResource.class)
class NotificationChannelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    NotificationSender sender;

    @BeforeEach
    void receiverAccepts() {
        WebhookResource.accept();
    }

    @Test
    void aFailedRunIsMailedAndPostedSignedWithTheNotificationsIdAsItsKey() throws Exception {
        // given a failed run's notification
        UUID id = UUID.randomUUID();
        NotificationView n = Notifications.runFailed(id, "payments", "the source answered 500 on page 3");
        double mailsBefore = counter("email", "sent");
        double postsBefore = counter("webhook", "sent");

        // when it is sent
        List<ChannelResult> results = sender.send(n);

        // then both channels took it
        assertThat(results)
                .containsExactly(new ChannelResult("email", true, null), new ChannelResult("webhook", true, null));

        // and one mail arrived, with the notification's Message-ID, its subject and its content
        List<MimeMessage> mails = mails(id);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getSubject()).isEqualTo("[Daily ETL] payments: run FAILED (2026-12-07)");
        assertThat(Arrays.toString(mail.getAllRecipients())).isEqualTo("[" + WebhookResource.ONCALL + "]");
        Fixtures.Parts parts = Fixtures.parts(mail);
        assertThat(parts.text().replace("\r\n", "\n"))
                .startsWith("[Daily ETL] payments: run FAILED (2026-12-07)\n"
                        + "Error (SOURCE, not transient): the source answered 500 on page 3\n"
                        + "Checks: reject-share WARN (observed 0.06667, warn 0.05), volume ERROR (observed 0.42,"
                        + " error 0.5)\n"
                        + "Records: 1200 fetched = 1100 loaded + 80 rejected + 20 duplicates\n")
                .contains("the warehouse answered 503: database-refused")
                .contains("Watermark before: 2026-12-06T00:00:00Z")
                .contains("Duration:     3m 13s")
                .contains("/api/runs/5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f");
        assertThat(parts.html())
                .contains("<h2>[Daily ETL] payments: run FAILED (2026-12-07)</h2>")
                .contains("the source answered 500 on page 3");

        // and one signed POST, keyed by the notification's id, carrying the content as JSON
        List<LoggedRequest> posts = posts(id);
        assertThat(posts).hasSize(1);
        LoggedRequest post = posts.get(0);
        assertSigned(post);
        assertThat(post.getHeader("X-DailyEtl-Event")).isEqualTo("RUN_FAILED");
        assertThat(post.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(post.getBody());
        assertThat(body.path("id").asText()).isEqualTo(id.toString());
        assertThat(body.path("event").asText()).isEqualTo("RUN_FAILED");
        assertThat(body.path("source").asText()).isEqualTo("payments");
        assertThat(body.path("text").asText())
                .startsWith("[Daily ETL] payments: run FAILED (2026-12-07)\nError (SOURCE, not transient)");
        assertThat(body.path("run").path("runId").asText()).isEqualTo("5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f");
        assertThat(body.path("run").path("errorKind").asText()).isEqualTo("SOURCE");
        assertThat(body.path("run").path("fetched").asLong()).isEqualTo(1200);
        assertThat(body.path("links").path("run").asText()).endsWith("/api/runs/5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f");
        assertThat(body.path("links").path("rejects").asText())
                .endsWith("/api/loads/1c7a4e8f-2e3d-4c6b-8f9a-8b7c6d5e4f32/rejects");

        // and the metric counted both
        assertThat(counter("email", "sent")).isEqualTo(mailsBefore + 1);
        assertThat(counter("webhook", "sent")).isEqualTo(postsBefore + 1);
    }

    @Test
    void hostileValuesAreEscapedInTheMailAndTheJsonAndCannotAddAHeader() throws Exception {
        // given a source whose name tries to add a Bcc header, and an error with markup, quotes and line breaks
        UUID id = UUID.randomUUID();
        String source = "payments\r\nBcc: victim@attacker.test";
        String error = "<script>alert(1)</script> said \"no\"\nsecond line & more";
        NotificationView n = Notifications.runFailed(id, source, error);

        // when it is sent
        assertThat(sender.send(n)).allMatch(ChannelResult::sent);

        // then the mail went to the configured recipient only, with no header the value tried to add
        MimeMessage mail = mails(id).get(0);
        assertThat(Arrays.toString(mail.getAllRecipients())).isEqualTo("[" + WebhookResource.ONCALL + "]");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(SmtpResource.smtp().getReceivedMessagesForDomain("attacker.test"))
                .isEmpty();
        assertThat(mail.getSubject())
                .isEqualTo("[Daily ETL] payments Bcc: victim@attacker.test: run FAILED (2026-12-07)")
                .doesNotContain("\r", "\n");

        // and the HTML shows every value escaped: no script, no attribute broken out of
        String html = Fixtures.parts(mail).html();
        assertThat(html).doesNotContain("<script>").doesNotContain("said \"no\"");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; said &quot;no&quot;");
        assertThat(html).contains("second line &amp; more");

        // and the webhook's JSON carries the values exactly (escaped as JSON), its text escaped as Slack needs
        LoggedRequest post = posts(id).get(0);
        assertSigned(post);
        JsonNode body = JSON.readTree(post.getBody());
        assertThat(body.path("source").asText()).isEqualTo(source);
        assertThat(body.path("run").path("error").asText()).isEqualTo(error);
        assertThat(body.path("title").asText()).doesNotContain("\r", "\n");
        assertThat(body.path("text").asText())
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; said \"no\" second line &amp; more")
                .doesNotContain("<script>");
        assertThat(new String(post.getBody(), StandardCharsets.UTF_8))
                .contains("\\\"no\\\"\\nsecond line")
                .contains("\\r\\nBcc:");
    }

    @Test
    void aFailingWebhookKeepsNoMailFromBeingSentAndTheNextAttemptSendsOnlyTheWebhook() throws Exception {
        // given a receiver that answers 500
        WebhookResource.server()
                .stubFor(post(urlPathEqualTo(WebhookResource.SECRET_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(500)));
        UUID id = UUID.randomUUID();
        NotificationView n = Notifications.runFailed(id, "orders", "the source answered 500");
        double failedBefore = counter("webhook", "failed");

        // when it is sent
        List<ChannelResult> first;
        try (LogCapture log = LogCapture.of("io.dailyetl")) {
            first = sender.send(n);

            // then the mail was sent, the webhook failed naming the receiver's host and status, and no secret
            assertThat(first).hasSize(2);
            assertThat(first.get(0)).isEqualTo(new ChannelResult("email", true, null));
            assertThat(first.get(1).sent()).isFalse();
            assertThat(first.get(1).error())
                    .isEqualTo("webhook http://127.0.0.1:"
                            + WebhookResource.server().port() + " answered 500");
            assertThat(String.join("\n", log.messages()))
                    .contains("answered 500")
                    .doesNotContain(WebhookResource.SECRET_PATH)
                    .doesNotContain("pathTokenXyz123")
                    .doesNotContain(WebhookResource.SECRET);
        }
        assertThat(counter("webhook", "failed")).isEqualTo(failedBefore + 1);

        // when the receiver answers again, and the warehouse hands the notification back with the mail sent
        WebhookResource.server().resetMappings();
        WebhookResource.server()
                .stubFor(post(urlPathEqualTo(WebhookResource.SECRET_PATH))
                        .willReturn(aResponse().withStatus(204)));
        List<ChannelResult> second = sender.send(Notifications.sentTo(n, List.of("email"), 1));

        // then only the webhook is sent, with the same key; the mail is not sent again
        assertThat(second).containsExactly(new ChannelResult("webhook", true, null));
        assertThat(mails(id)).hasSize(1);
        List<LoggedRequest> posts = posts(id);
        assertThat(posts).hasSize(2);
        posts.forEach(NotificationChannelsTest::assertSigned);

        // and once every channel has it, nothing is sent at all
        assertThat(sender.send(Notifications.sentTo(n, List.of("email", "webhook"), 2)))
                .isEmpty();
        assertThat(mails(id)).hasSize(1);
        assertThat(posts(id)).hasSize(2);
    }

    @Test
    void theSameNotificationSentTwiceCarriesTheSameMessageIdAndKey() throws Exception {
        // given a notification sent, whose sender died before the warehouse heard of it
        UUID id = UUID.randomUUID();
        NotificationView n = Notifications.runFailed(id, "refunds", "the source answered 404");
        sender.send(n);

        // when the next sender sends it again
        sender.send(n);

        // then both mails carry one Message-ID, and both POSTs one X-DailyEtl-Id: receivers see one notification
        List<MimeMessage> mails = mails(id);
        assertThat(mails).hasSize(2);
        assertThat(mails.stream().map(NotificationChannelsTest::messageId).distinct())
                .containsExactly("<notification." + id + "@daily-etl>");
        List<LoggedRequest> posts = posts(id);
        assertThat(posts).hasSize(2);
        assertThat(posts.stream().map(p -> p.getHeader("X-DailyEtl-Id")).distinct())
                .containsExactly(id.toString());
    }

    @Test
    void aReceiverThatDoesNotAnswerWithinTheTimeoutFailsTheWebhookOnly() {
        // given a receiver slower than report.notify.webhook.timeout (3s in these tests)
        WebhookResource.server()
                .stubFor(post(urlPathEqualTo(WebhookResource.SECRET_PATH))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
        UUID id = UUID.randomUUID();

        // when a notification is sent
        List<ChannelResult> results = sender.send(Notifications.runFailed(id, "slow", "x"));

        // then the webhook failed naming the host and the timeout, and the mail was sent
        assertThat(results.get(0).sent()).isTrue();
        assertThat(results.get(1).sent()).isFalse();
        assertThat(results.get(1).error())
                .isEqualTo(
                        "webhook http://127.0.0.1:" + WebhookResource.server().port() + " did not answer within PT3S");
    }

    @Test
    void whatTheSenderSaysAtStartNamesItsChannelsButNoSecret() {
        assertThat(sender.channels()).containsExactly("email", "webhook");
        assertThat(sender.status())
                .contains("e-mail to 1 recipient")
                .contains("webhook to http://127.0.0.1:"
                        + WebhookResource.server().port())
                .doesNotContain("pathTokenXyz123")
                .doesNotContain(WebhookResource.SECRET);
    }

    // ---- helpers

    /** Verifies a POST as a receiver would: recompute the HMAC over the timestamp and the body with the secret. */
    static void assertSigned(LoggedRequest post) {
        String timestamp = post.getHeader("X-DailyEtl-Timestamp");
        assertThat(timestamp).matches("\\d{10}");
        assertThat(Long.parseLong(timestamp))
                .isBetween(Instant.now().getEpochSecond() - 300, Instant.now().getEpochSecond() + 300);
        String expected = WebhookSignature.sign(WebhookResource.SECRET, timestamp, post.getBody());
        assertThat(post.getHeader("X-DailyEtl-Signature")).isEqualTo(expected).startsWith("v1=");
        assertThat(post.getHeader("X-DailyEtl-Id")).isNotBlank();
    }

    /** The mails GreenMail received for notification {@code id}. */
    static List<MimeMessage> mails(UUID id) {
        String messageId = "<notification." + id + "@daily-etl>";
        return Fixtures.received(WebhookResource.ONCALL).stream()
                .filter(m -> messageId.equals(messageId(m)))
                .toList();
    }

    static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The POSTs the receiver got for notification {@code id}. */
    static List<LoggedRequest> posts(UUID id) {
        return WebhookResource.server()
                .findAll(postRequestedFor(urlPathEqualTo(WebhookResource.SECRET_PATH))
                        .withHeader("X-DailyEtl-Id", equalTo(id.toString())));
    }

    /** {@code report_notifications_total{channel, outcome}} as /q/metrics shows it now (0 before its first count). */
    static double counter(String channel, String outcome) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^report_notifications_total\\{(?=[^}]*channel=\"" + channel
                        + "\")(?=[^}]*outcome=\"" + outcome + "\")[^}]*} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
