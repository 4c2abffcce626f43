package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Notices.claim;
import static io.dailyetl.warehouse.Notices.claimedIds;
import static io.dailyetl.warehouse.Notices.failed;
import static io.dailyetl.warehouse.Notices.notification;
import static io.dailyetl.warehouse.Notices.result;
import static io.dailyetl.warehouse.Notices.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.Documents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox's API as report-service's sender uses it: claims never overlap, a lapsed claim is claimable again with
 * the same id, a failed channel is retried with backoff and given up after the last attempt, channels that accepted
 * a notification are kept across attempts.
 */
@QuarkusTest
@TestProfile(NotificationsProfile.class)
@WithTestResource(PostgresResource.class)
class NotificationOutboxTest {

    @Inject
    MeterRegistry registry;

    @BeforeEach
    void nothingElseIsDue() throws Exception {
        Notices.settleOthers();
    }

    @Test
    @Documents("http-api: POST /api/notifications/claim 200")
    void twoSendersClaimingAtOnceNeverGetTheSameNotification() throws Exception {
        // given ten failed runs of ten sources: ten RUN_FAILED notifications due
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String source = Api.uniqueSource();
            Notices.ended(source, "FAILED");
            mine.add(Notices.idOf("source:" + source, "RUN_FAILED"));
        }

        // when two senders claim six each at the same moment
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<List<String>> a = CompletableFuture.supplyAsync(() -> {
            waitFor(start);
            return claimedIds("sender-a", 6);
        });
        CompletableFuture<List<String>> b = CompletableFuture.supplyAsync(() -> {
            waitFor(start);
            return claimedIds("sender-b", 6);
        });
        start.countDown();

        // then no notification went to both, and between them they claimed all ten
        Set<String> overlap = new HashSet<>(a.get());
        overlap.retainAll(b.get());
        assertThat(overlap).isEmpty();
        Set<String> all = new HashSet<>(a.get());
        all.addAll(b.get());
        assertThat(all).containsAll(mine);
        // and each is SENDING, claimed by its sender, with a lease
        JsonPath one = notification(a.get().get(0));
        assertThat(one.getString("status")).isEqualTo("SENDING");
        assertThat(one.getString("claimedBy")).isEqualTo("sender-a");
        assertThat(one.getString("leaseExpiresAt")).isNotNull();
        // and nothing is left to claim
        assertThat(claimedIds("sender-c", 100)).isEmpty();
    }

    @Test
    void aClaimWhoseLeaseLapsedIsClaimableAgainWithTheSameId() {
        // given a notification claimed by a sender that then dies
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        String id = Notices.idOf("source:" + source, "RUN_FAILED");
        assertThat(claimedIds("dies", 100)).contains(id);
        assertThat(claimedIds("other", 100)).doesNotContain(id);

        // when its lease (2 s here) lapses, then another sender claims it, the same notification
        List<String> again = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            again.addAll(claimedIds("survivor", 100));
            return again.contains(id);
        });
        JsonPath n = notification(id);
        assertThat(n.getString("claimedBy")).isEqualTo("survivor");
        // the lapsed claim counts as an attempt, saying so
        assertThat(n.getInt("attempts")).isEqualTo(1);
        assertThat(n.getString("lastError")).contains("dies").contains("lapsed");
    }

    @Test
    @Documents("http-api: POST /api/notifications/{id}/result 200")
    void aFailedChannelIsRetriedWithBackoffThenGivenUpAndCounted() {
        // given a claimed notification
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        String id = Notices.idOf("source:" + source, "RUN_FAILED");
        double gaveUpBefore = count("RUN_FAILED", "gave_up");
        assertThat(claimedIds("s1", 100)).contains(id);

        // when its only channel fails
        Instant before = Instant.now();
        JsonPath first = result(id, "s1", List.of(failed("webhook", "POST https://hooks.example answered 502")))
                .statusCode(200)
                .extract()
                .jsonPath();

        // then it is PENDING again, for a later attempt, saying why
        assertThat(first.getString("status")).isEqualTo("PENDING");
        assertThat(first.getInt("attempts")).isEqualTo(1);
        assertThat(Instant.parse(first.getString("nextAttemptAt"))).isAfter(before);
        assertThat(first.getString("lastError")).isEqualTo("webhook: POST https://hooks.example answered 502");

        // when the next two attempts fail too (3 attempts at most here)
        for (int attempt = 2; attempt <= 3; attempt++) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> claimedIds("s1", 100).contains(id));
            result(id, "s1", List.of(failed("webhook", "connect timed out"))).statusCode(200);
        }

        // then it is GAVE_UP, counted, and never claimed again
        JsonPath last = notification(id);
        assertThat(last.getString("status")).isEqualTo("GAVE_UP");
        assertThat(last.getInt("attempts")).isEqualTo(3);
        assertThat(last.getString("lastError")).isEqualTo("webhook: connect timed out");
        assertThat(count("RUN_FAILED", "gave_up")).isEqualTo(gaveUpBefore + 1);
        assertThat(claimedIds("s1", 100)).doesNotContain(id);
    }

    @Test
    void channelsThatAcceptedAreKeptAcrossAttemptsAndTheLastOneSends() {
        // given a claimed notification whose e-mail went out and whose webhook failed
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        String id = Notices.idOf("source:" + source, "RUN_FAILED");
        double sentBefore = count("RUN_FAILED", "sent");
        assertThat(claimedIds("s2", 100)).contains(id);
        result(id, "s2", List.of(sent("email"), failed("webhook", "answered 503")))
                .statusCode(200)
                .body("status", is("PENDING"))
                .body("sentChannels", contains("email"));

        // when the next attempt sends the webhook only (the e-mail is not sent twice)
        await().atMost(Duration.ofSeconds(10)).until(() -> claimedIds("s2", 100).contains(id));
        JsonPath done = result(id, "s2", List.of(failed("email", "skipped: sent before"), sent("webhook")))
                .statusCode(200)
                .extract()
                .jsonPath();

        // then it is SENT, with both channels, and counted
        assertThat(done.getString("status")).isEqualTo("SENT");
        assertThat(done.getList("sentChannels")).containsExactly("email", "webhook");
        assertThat(done.getString("sentAt")).isNotNull();
        assertThat(count("RUN_FAILED", "sent")).isEqualTo(sentBefore + 1);
        // and the same result again (its answer lost) is answered as stored, unchanged
        result(id, "s2", List.of(sent("webhook")))
                .statusCode(200)
                .body("status", is("SENT"))
                .body("attempts", is(2));
    }

    @Test
    void aSenderWithNoChannelSentNothing() {
        // given a claimed notification
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        String id = Notices.idOf("source:" + source, "RUN_FAILED");
        assertThat(claimedIds("bare", 100)).contains(id);

        // when its sender reports no channel at all, then it is not SENT: a failed attempt, saying why
        result(id, "bare", List.of())
                .statusCode(200)
                .body("status", is("PENDING"))
                .body("lastError", is("no channel configured at bare"));
    }

    @Test
    @Documents("http-api: POST /api/notifications/{id}/result 409 conflict")
    void aResultFromAnotherSenderWhileTheClaimIsAliveIsRefused() {
        // given a notification claimed by one sender
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        String id = Notices.idOf("source:" + source, "RUN_FAILED");
        assertThat(claimedIds("holder", 100)).contains(id);

        // when another sender reports its result, then it is refused, naming the holder
        result(id, "intruder", List.of(sent("email")))
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", org.hamcrest.Matchers.containsString("holder"));
        assertThat(notification(id).getString("status")).isEqualTo("SENDING");
    }

    @Test
    @Documents("http-api: POST /api/notifications/{id}/result 404 not-found")
    void aResultForNoNotificationIsNotFound() {
        result(UUID.randomUUID().toString(), "s", List.of(sent("email")))
                .statusCode(404)
                .body("type", is("urn:daily-etl:not-found"));
        result("not-a-uuid", "s", List.of(sent("email"))).statusCode(404);
    }

    @Test
    @Documents("http-api: POST /api/notifications/claim 400 invalid-request")
    void aClaimWithoutASenderOrWithALimitOutOfRangeIsRefusedNamingTheField() {
        claim(null, 5).statusCode(400).body("errors[0].field", is("sender"));
        claim("a b", 5).statusCode(400).body("errors[0].field", is("sender"));
        claim("x".repeat(129), 5).statusCode(400).body("errors[0].field", is("sender"));
        claim("s", 0).statusCode(400).body("errors[0].field", is("limit"));
        claim("s", 101).statusCode(400).body("errors[0].field", is("limit"));
    }

    @Test
    @Documents("http-api: POST /api/notifications/{id}/result 400 invalid-request")
    void aResultWithoutChannelsOrSenderIsRefusedNamingTheField() {
        String id = UUID.randomUUID().toString();
        result(id, "s", null).statusCode(400).body("errors[0].field", is("channels"));
        result(id, null, List.of()).statusCode(400).body("errors[0].field", is("sender"));
        result(id, "s", List.of(Map.of("sent", true)))
                .statusCode(400)
                .body("errors[0].field", is("channels[0].channel"));
    }

    @Test
    void notificationsAreListedNewestFirstAndByStatusAndSubject() {
        // given a source that failed and then recovered
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        Notices.ended(source, "SUCCEEDED");

        // when its notifications are listed, then newest first
        api().queryParam("subject", "source:" + source)
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .body("event", contains("RECOVERED", "RUN_FAILED"))
                .body("[0].run.status", is("SUCCEEDED"))
                .body("[0].streak.failures", is(1))
                .body("[1].run.error", notNullValue());
        api().queryParam("subject", "source:" + source)
                .queryParam("status", "SENT")
                .get("/api/notifications")
                .then()
                .statusCode(200)
                .body("size()", is(0));
        // and each one is there on its own
        String id = Notices.idOf("source:" + source, "RECOVERED");
        api().get("/api/notifications/{id}", id).then().statusCode(200).body("event", is("RECOVERED"));
        api().get("/api/notifications/{id}", UUID.randomUUID()).then().statusCode(404);
        api().queryParam("status", "DONE").get("/api/notifications").then().statusCode(400);
    }

    @Test
    void pendingNotificationsAreGauged() {
        // given a failed run's notification, due
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");

        // when a sender claims, then the gauge counts what is still to be sent (SENDING included)
        List<String> claimed = claimedIds("gauge", 100);
        assertThat(claimed).isNotEmpty();
        assertThat(pending()).isGreaterThanOrEqualTo(claimed.size());
        for (String id : claimed) {
            result(id, "gauge", List.of(sent("email"))).statusCode(200);
        }
        assertThat(pending()).isLessThan(claimed.size());
    }

    private double pending() {
        Gauge gauge = registry.find("warehouse.notifications.pending").gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private double count(String event, String outcome) {
        Counter counter = registry.find("warehouse.notifications")
                .tag("event", event)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
