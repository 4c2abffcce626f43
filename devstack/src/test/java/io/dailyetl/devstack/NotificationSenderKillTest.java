package io.dailyetl.devstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.dailyetl.testing.ServiceProcess;
import io.dailyetl.testing.TestDatabase;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The notification outbox's "exactly once" (docs/notifications.md, "Claimed by one sender") against a sender that dies
 * with {@code kill -9}: the packaged warehouse (on an embedded PostgreSQL) and the packaged report-service, each its own
 * process, a real SMTP server (GreenMail) and a real HTTP receiver (WireMock). The warehouse's claim lease is 5 s here,
 * so the takeover happens within the test; report-service polls every second. A notification killed in flight is sent
 * by the next sender once the dead claim lapses, with the same key on every channel: once, or twice with one key,
 * never with two keys and never not at all.
 */
class NotificationSenderKillTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "kill-test-token";
    private static final String LOADER = TOKEN + "-loader";
    private static final String READER = TOKEN + "-reader";
    private static final String ONCALL = "oncall@example.com";
    private static final String SECRET = "kill-test-webhook-secret-0123456789";
    private static final String HOOK = "/services/T0000/B0000/killTestToken";
    /** The warehouse's claim lease here: a dead sender's claim lapses this long after it was taken. */
    private static final String LEASE = "5s";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path root;
    private static Path logs;
    private static TestDatabase db;
    private static GreenMail smtp;
    private static int smtpPort;
    private static WireMockServer receiver;
    private static ServiceProcess warehouse;
    /** The warehouse once started, ready or not: stopped after all tests. */
    private static final List<ServiceProcess> WAREHOUSE = new ArrayList<>();

    /** The report-services of the current test, stopped after it; their logs are printed when it fails. */
    private final List<ServiceProcess> senders = new ArrayList<>();

    @BeforeAll
    static void startTheWarehouseAndTheReceivers() throws Exception {
        root = ServiceProcess.repositoryRoot();
        logs = root.resolve("devstack/target/notification-kill");
        Files.createDirectories(logs);
        db = TestDatabase.startEmbedded(0);
        smtpPort = ServiceProcess.freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();

        Map<String, String> env = new HashMap<>(db.login().warehouseEnv());
        env.put("PIPELINE_API_TOKEN", TOKEN);
        env.put("PIPELINE_TOKENS_LOADER", LOADER);
        env.put("PIPELINE_TOKENS_READER", READER);
        env.put("WAREHOUSE_NOTIFICATIONS_LEASE", LEASE);
        env.put("WAREHOUSE_NOTIFICATIONS_RETRY_FIRST", "1s");
        warehouse = PackagedService.start(
                "warehouse-service",
                env,
                logs.resolve("warehouse-service.log"),
                WAREHOUSE,
                HTTP,
                Duration.ofSeconds(120));
    }

    @AfterAll
    static void stopEverything() {
        WAREHOUSE.forEach(ServiceProcess::stop);
        if (receiver != null) {
            receiver.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void stopTheSenders() {
        senders.forEach(ServiceProcess::stop);
    }

    @Test
    void aSenderKilledWhileTheWebhookHoldsItsPostIsTakenOverAndEveryCopyCarriesTheSameKey() throws Exception {
        diagnosed(() -> {
            // given a webhook receiver that holds every POST (answers only after two minutes), and a FAILED run
            receiver.resetAll();
            receiver.stubFor(post(urlPathEqualTo(HOOK))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(120_000)));
            String source = "kill-held-" + shortId();
            String runId = failedRun(source);
            UUID id = theOneRunFailedOf(source);

            // when a sender claims it, mails it, and is killed while the webhook holds its POST
            ServiceProcess first = sender(smtpPort, "first");
            await("the webhook to receive the first sender's POST")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !posts(runId).isEmpty());
            JsonNode claimed = notification(id);
            assertThat(claimed.path("status").asText()).as("%s", claimed).isEqualTo("SENDING");
            String firstSender = claimed.path("claimedBy").asText();
            assertThat(firstSender).isNotBlank();
            long t0 = System.nanoTime();
            first.kill();
            assertThat(first.isAlive()).isFalse();

            // and the receiver answers at once from now on, and a new report-service starts
            receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
            sender(smtpPort, "second");

            // then, once the dead claim lapsed, the new sender sends it and the warehouse has it SENT
            JsonNode sent = awaitSent(id);
            double seconds = (System.nanoTime() - t0) / 1e9;
            quiet(runId, source);
            assertThat(theOneRunFailedOf(source))
                    .as("one notification for the run's RUN_FAILED")
                    .isEqualTo(id);
            List<MimeMessage> mails = mails(source);
            List<LoggedRequest> posts = posts(runId);
            System.out.printf(
                    Locale.ROOT,
                    "[kill-sender] webhook held, sender killed: SENT %.1f s after the kill, %d mail(s), %d POST(s)%n",
                    seconds,
                    mails.size(),
                    posts.size());
            assertEveryCopyCarries(id, mails, posts);
            assertThat(mails).as("mails of %s", id).hasSizeBetween(1, 2);
            assertThat(posts).as("webhook POSTs of %s", id).hasSizeBetween(1, 2);
            assertTakenOver(sent, firstSender);
        });
    }

    @Test
    void aSenderKilledBeforeAnyChannelHadItIsTakenOverAndSendsItOnce() throws Exception {
        diagnosed(() -> {
            // given an SMTP server that accepts connections and never says a word (the e-mail, the first channel,
            // never gets the message), a receiver that answers at once, and a FAILED run
            receiver.resetAll();
            receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200)));
            try (MuteSmtp mute = new MuteSmtp()) {
                String source = "kill-mute-" + shortId();
                String runId = failedRun(source);
                UUID id = theOneRunFailedOf(source);

                // when a sender claims it and is killed while it waits for SMTP's greeting
                ServiceProcess first = sender(mute.port(), "first");
                await("the first sender to claim it and connect to SMTP")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> mute.connections() > 0
                                && "SENDING"
                                        .equals(notification(id).path("status").asText()));
                String firstSender = notification(id).path("claimedBy").asText();
                assertThat(posts(runId)).as("no channel had it before the kill").isEmpty();
                assertThat(mails(source)).isEmpty();
                long t0 = System.nanoTime();
                first.kill();
                assertThat(first.isAlive()).isFalse();

                // and a new report-service starts, on a working SMTP server
                sender(smtpPort, "second");

                // then it sends the notification once on each channel once the dead claim lapsed
                JsonNode sent = awaitSent(id);
                double seconds = (System.nanoTime() - t0) / 1e9;
                quiet(runId, source);
                assertThat(theOneRunFailedOf(source)).isEqualTo(id);
                List<MimeMessage> mails = mails(source);
                List<LoggedRequest> posts = posts(runId);
                System.out.printf(
                        Locale.ROOT,
                        "[kill-sender] killed before any channel: SENT %.1f s after the kill, %d mail(s), %d POST(s)%n",
                        seconds,
                        mails.size(),
                        posts.size());
                assertEveryCopyCarries(id, mails, posts);
                assertThat(mails).as("mails of %s", id).hasSize(1);
                assertThat(posts).as("webhook POSTs of %s", id).hasSize(1);
                assertTakenOver(sent, firstSender);
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * The lapsed claim was counted as a failed attempt naming the dead sender, and the notification was then sent on
     * both channels by another sender: attempts 2 (the lapse, the sending).
     */
    private static void assertTakenOver(JsonNode sent, String firstSender) {
        assertThat(sent.path("attempts").asInt()).as("%s", sent).isEqualTo(2);
        assertThat(sent.path("lastError").asText())
                .as("%s", sent)
                .isEqualTo("the claim of " + firstSender + " lapsed without a result");
        assertThat(sent.path("claimedBy").asText()).as("%s", sent).isNotBlank().isNotEqualTo(firstSender);
        List<String> channels = new ArrayList<>();
        sent.path("sentChannels").forEach(c -> channels.add(c.asText()));
        assertThat(channels).containsExactlyInAnyOrder("email", "webhook");
    }

    /** Every mail has the notification's Message-ID; every POST its X-DailyEtl-Id and a valid, fresh signature. */
    private static void assertEveryCopyCarries(UUID id, List<MimeMessage> mails, List<LoggedRequest> posts)
            throws MessagingException, GeneralSecurityException {
        for (MimeMessage mail : mails) {
            assertThat(mail.getHeader("Message-ID")).containsExactly("<notification." + id + "@daily-etl>");
        }
        for (LoggedRequest p : posts) {
            assertThat(p.getHeader("X-DailyEtl-Id")).isEqualTo(id.toString());
            String timestamp = p.getHeader("X-DailyEtl-Timestamp");
            assertThat(Long.parseLong(timestamp))
                    .as("X-DailyEtl-Timestamp")
                    .isBetween(
                            Instant.now().minusSeconds(300).getEpochSecond(),
                            Instant.now().getEpochSecond());
            assertThat(p.getHeader("X-DailyEtl-Signature"))
                    .as("the signature of the POST at %s", timestamp)
                    .isEqualTo(sign(timestamp, p.getBody()));
        }
    }

    /** {@code v1=} and the hex HMAC-SHA256 of {@code timestamp.body}, as docs/notifications.md tells a receiver. */
    private static String sign(String timestamp, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
    }

    /** Starts a packaged report-service whose notifications go by mail (to SMTP on {@code mailPort}) and webhook. */
    private ServiceProcess sender(int mailPort, String which) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PIPELINE_API_TOKEN", TOKEN);
        env.put("PIPELINE_WAREHOUSE_TOKEN", READER);
        env.put("QUARKUS_REST_CLIENT_WAREHOUSE_URL", warehouse.base().toString());
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(mailPort));
        env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        env.put("REPORT_MAIL_TO", "reports@example.com");
        env.put("REPORT_SCHEDULE_CRON", "off");
        env.put("REPORT_NOTIFY_POLL_EVERY", "1s");
        env.put("REPORT_NOTIFY_EMAIL_TO", ONCALL);
        env.put("REPORT_NOTIFY_WEBHOOK_URL", "http://127.0.0.1:" + receiver.port() + HOOK);
        env.put("REPORT_NOTIFY_WEBHOOK_SECRET", SECRET);
        // longer than the test holds the POST: the sender is still waiting for its answer when it is killed
        env.put("REPORT_NOTIFY_WEBHOOK_TIMEOUT", "60s");
        return PackagedService.start(
                "report-service",
                env,
                logs.resolve("report-service-" + which + "-" + System.currentTimeMillis() + ".log"),
                senders,
                HTTP,
                Duration.ofSeconds(120));
    }

    /** Reports a run of {@code source} FAILED to the warehouse, as ingest does after its last attempt; its id. */
    private static String failedRun(String source) throws Exception {
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now().minusSeconds(75);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("source", source);
        r.put("status", "FAILED");
        r.put("trigger", "schedule");
        r.put("logicalDate", "2026-12-02");
        r.put("startedAt", started.toString());
        r.put("finishedAt", Instant.now().toString());
        r.put("error", "GET https://source.example/orders answered 500");
        r.put("errorKind", "SOURCE");
        r.put("errorTransient", true);
        r.put("fetched", 0);
        r.put("attempts", List.of(Map.of("number", 1, "startedAt", started.toString())));
        r.put("version", 1);
        HttpResponse<String> answer =
                call("PUT", warehouse.base().resolve("/api/runs/" + runId), LOADER, JSON.writeValueAsString(r));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return runId;
    }

    /** The id of the one RUN_FAILED notification the warehouse has for {@code source}; fails if it has not one. */
    private static UUID theOneRunFailedOf(String source) throws Exception {
        URI uri = warehouse
                .base()
                .resolve("/api/notifications?limit=100&subject="
                        + URLEncoder.encode("source:" + source, StandardCharsets.UTF_8));
        HttpResponse<String> answer = call("GET", uri, READER, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode n : JSON.readTree(answer.body())) {
            if ("RUN_FAILED".equals(n.path("event").asText())) {
                ids.add(n.path("id").asText());
            }
        }
        assertThat(ids).as("RUN_FAILED notifications of %s", source).hasSize(1);
        return UUID.fromString(ids.get(0));
    }

    private static JsonNode notification(UUID id) throws Exception {
        HttpResponse<String> answer = call("GET", warehouse.base().resolve("/api/notifications/" + id), READER, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode awaitSent(UUID id) {
        JsonNode[] last = new JsonNode[1];
        await("notification " + id + " to be SENT")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    last[0] = notification(id);
                    String status = last[0].path("status").asText();
                    assertThat(status).as("%s", last[0]).isIn("SENDING", "PENDING", "SENT");
                    return "SENT".equals(status);
                });
        return last[0];
    }

    /** Waits until nothing more arrives for the run for 3 s (the new sender polls every second meanwhile). */
    private static void quiet(String runId, String source) {
        int[] seen = {-1};
        await("nothing more to arrive for run " + runId)
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    int now = posts(runId).size() + mails(source).size();
                    boolean same = now == seen[0];
                    seen[0] = now;
                    return same;
                });
    }

    /** The mails GreenMail received about {@code source} (its name is in the subject). */
    private static List<MimeMessage> mails(String source) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject() != null && m.getSubject().contains(source)) {
                found.add(m);
            }
        }
        return found;
    }

    /** The webhook POSTs the receiver got about run {@code runId} (held ones included). */
    private static List<LoggedRequest> posts(String runId) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(HOOK))).stream()
                .filter(r -> r.getBodyAsString().contains(runId))
                .toList();
    }

    private static HttpResponse<String> call(String method, URI uri, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json");
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    interface Steps {
        void run() throws Exception;
    }

    /** Runs {@code steps}; a failure carries the last lines of the warehouse's and this test's senders' logs. */
    private void diagnosed(Steps steps) throws Exception {
        try {
            steps.run();
        } catch (AssertionError | RuntimeException e) {
            StringBuilder tails = new StringBuilder(String.valueOf(e.getMessage()));
            List<ServiceProcess> all = new ArrayList<>(senders);
            all.add(0, warehouse);
            for (ServiceProcess p : all) {
                tails.append("\n\nlast lines of ")
                        .append(root.relativize(p.log()))
                        .append(p.isAlive() ? "" : " (exited)")
                        .append(":\n")
                        .append(ServiceProcess.tail(p.log(), 40));
            }
            throw new AssertionError(tails.toString(), e);
        }
    }

    /**
     * An SMTP server that accepts connections and never greets: a sender's e-mail channel waits for the greeting, so
     * the message reaches no one.
     */
    private static final class MuteSmtp implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        MuteSmtp() throws IOException {
            server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException e) {
                                return; // closed
                            }
                        }
                    },
                    "mute-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return held.size();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }
}
