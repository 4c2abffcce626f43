package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Notices.events;
import static io.dailyetl.warehouse.Notices.notification;
import static io.dailyetl.warehouse.Notices.report;
import static io.dailyetl.warehouse.Notices.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * What the warehouse records in its outbox, and when: once per failure streak, reminders at most every
 * remind-every, one RECOVERED; nothing for a replayed report or a second replica; a dead ingest's expired run, a
 * warned run, a source that missed its runs, a report that could not be sent. Each notification is recorded in the
 * transaction of its outcome.
 */
@QuarkusTest
@TestProfile(NotificationsProfile.class)
@WithTestResource(PostgresResource.class)
class NotificationEventsTest {

    @Inject
    MeterRegistry registry;

    @Test
    void fiveFailingRunsInARowAreOneNotificationAndASuccessOneRecovered() throws Exception {
        // given a source whose runs fail five times in a row (within remind-every, 3 s here)
        String source = Api.uniqueSource();
        double recordedBefore = count("RUN_FAILED", "recorded");
        for (int i = 0; i < 5; i++) {
            Notices.ended(source, "FAILED");
        }

        // then one RUN_FAILED was recorded, and counted
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED");
        assertThat(count("RUN_FAILED", "recorded")).isEqualTo(recordedBefore + 1);
        assertThat(streak("source:" + source)).isEqualTo("FAILING 5");

        // when it succeeds
        Notices.ended(source, "SUCCEEDED");

        // then one RECOVERED, with the streak that ended
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED", "RECOVERED");
        JsonPath recovered = notification(Notices.idOf("source:" + source, "RECOVERED"));
        assertThat(recovered.getInt("streak.failures")).isEqualTo(5);
        assertThat(recovered.getString("run.status")).isEqualTo("SUCCEEDED");
        assertThat(recovered.getString("status")).isEqualTo("PENDING");
        assertThat(streak("source:" + source)).isEqualTo("OK 0");
        // and the first failure's notification tells the run and its error
        JsonPath failed = notification(Notices.idOf("source:" + source, "RUN_FAILED"));
        assertThat(failed.getString("subject")).isEqualTo("source:" + source);
        assertThat(failed.getString("source")).isEqualTo(source);
        assertThat(failed.getString("run.error")).contains("answered 500");
        assertThat(failed.getString("run.errorKind")).isEqualTo("SOURCE");
        assertThat(failed.getInt("streak.failures")).isEqualTo(1);
    }

    @Test
    void aSourceStillFailingAfterRemindEveryIsRemindedOnce() throws Exception {
        // given a failing source
        String source = Api.uniqueSource();
        Notices.ended(source, "FAILED");
        Instant first = Instant.now();

        // when it keeps failing, a run a second, then a reminder comes once remind-every (3 s) has passed
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    Notices.ended(source, "FAILED");
                    return events("source:" + source).contains("STILL_FAILING");
                });
        assertThat(Duration.between(first, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED", "STILL_FAILING");
        JsonPath reminder = notification(Notices.idOf("source:" + source, "STILL_FAILING"));
        assertThat(reminder.getInt("streak.failures")).isGreaterThan(1);

        // and the next failure right after it is no second reminder
        Notices.ended(source, "FAILED");
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED", "STILL_FAILING");
    }

    @Test
    void aReplayedFailedReportRecordsNothingMore() throws Exception {
        // given a run reported FAILED
        String source = Api.uniqueSource();
        String runId = UUID.randomUUID().toString();
        report(runId, run(source, "FAILED", 2)).statusCode(200);

        // when the same report arrives again, and one with a higher version, and a stale one
        report(runId, run(source, "FAILED", 2)).statusCode(200);
        report(runId, run(source, "FAILED", 3)).statusCode(200);
        report(runId, run(source, "RUNNING", 1)).statusCode(200).body("status", is("FAILED"));

        // then one notification, and the streak counts one failure
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED");
        assertThat(streak("source:" + source)).isEqualTo("FAILING 1");
    }

    @Test
    void twoReplicasReportingTheSameFailureAtOnceRecordOne() throws Exception {
        // given a run's FAILED report sent twice at the same moment (a retry racing the original, two replicas)
        String source = Api.uniqueSource();
        String runId = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> reports = List.of(1L, 2L, 2L).stream()
                .map(version -> CompletableFuture.supplyAsync(() -> {
                    waitFor(start);
                    return report(runId, run(source, "FAILED", version))
                            .extract()
                            .statusCode();
                }))
                .toList();

        // when they race
        start.countDown();

        // then each is answered, and one failure is recorded
        for (CompletableFuture<Integer> r : reports) {
            assertThat(r.get()).isEqualTo(200);
        }
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED");
        assertThat(streak("source:" + source)).isEqualTo("FAILING 1");
    }

    @Test
    void aRunWhoseIngestDiedIsRecordedFailedWhenItsLeaseLapses() throws Exception {
        // given a RUNNING run on an open load whose ingest replica then dies
        String source = Api.uniqueSource();
        String loadId = Api.open(source);
        String runId = UUID.randomUUID().toString();
        Map<String, Object> running = run(source, "RUNNING", 1);
        running.put("loadId", loadId);
        report(runId, running).statusCode(200);
        assertThat(events("source:" + source)).isEmpty();

        // when its load's lease lapses and the load is expired
        Api.lapseLease(loadId);
        api().get("/api/loads/{id}", loadId).then().body("status", is("EXPIRED"));

        // then the run is FAILED and RUN_FAILED was recorded with it, saying why
        assertThat(events("source:" + source)).containsExactly("RUN_FAILED");
        JsonPath failed = notification(Notices.idOf("source:" + source, "RUN_FAILED"));
        assertThat(failed.getString("run.runId")).isEqualTo(runId);
        assertThat(failed.getString("run.status")).isEqualTo("FAILED");
        assertThat(failed.getString("run.error")).contains("expired");
    }

    @Test
    void aRunThatSucceededWithWarningsIsNotifiedWithItsChecksAndShowsThemInItsHistory() throws Exception {
        // given a committed load of 9 records and 1 reject (reject-share 10 % warns above 5 %)
        String source = Api.uniqueSource();
        String loadId = Api.open(source);
        Api.putBatch(loadId, 0, Api.records(Api.uniquePrefix(), 9, Api.uniqueWeek()), List.of(reject()))
                .statusCode(200);
        Api.commit(loadId, 1, 9, 1).statusCode(200);

        // when its run is reported SUCCEEDED
        String runId = UUID.randomUUID().toString();
        Map<String, Object> done = run(source, "SUCCEEDED", 1);
        done.put("loadId", loadId);
        report(runId, done).statusCode(200);

        // then RUN_WARNED was recorded, with the run's checks, the warning among them
        assertThat(events("source:" + source)).containsExactly("RUN_WARNED");
        JsonPath warned = notification(Notices.idOf("source:" + source, "RUN_WARNED"));
        assertThat(warned.getList("run.checks.check")).containsExactly("reject-share", "duplicate-share", "volume");
        assertThat(warned.getList("run.checks.outcome")).containsExactly("WARN", "PASS", "PASS");
        assertThat(warned.getDouble("run.checks[0].observed")).isEqualTo(0.1);

        // and the run history shows the checks, one run and in a list
        api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .body("status", is("SUCCEEDED"))
                .body("checks[0].check", is("reject-share"))
                .body("checks[0].outcome", is("WARN"))
                .body("checks[0].warn", is(0.05f));
        api().queryParam("source", source)
                .get("/api/runs")
                .then()
                .statusCode(200)
                .body("[0].checks.outcome", hasItem("WARN"));
        // and a run without a judged load has none
        String plain = Notices.ended(Api.uniqueSource(), "SUCCEEDED");
        api().get("/api/runs/{id}", plain).then().statusCode(200).body("checks.size()", is(0));
    }

    @Test
    void aSourceWithoutASuccessPastItsIntervalIsMissedOnceThenRecovers() throws Exception {
        // given the watched source (expected every 10 minutes, grace 1 minute) whose last success finished 2 hours ago
        String source = NotificationsProfile.WATCHED;
        Map<String, Object> old = run(source, "SUCCEEDED", 1);
        Instant twoHoursAgo =
                Instant.now().minus(Duration.ofHours(2)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        old.put("startedAt", twoHoursAgo.toString());
        old.put("finishedAt", twoHoursAgo.plusSeconds(60).toString());
        report(UUID.randomUUID().toString(), old).statusCode(200);

        // when the sweep (every second here) runs, then RUN_MISSED is recorded, saying since when
        await().atMost(Duration.ofSeconds(20))
                .until(() -> events("source:" + source).contains("RUN_MISSED"));
        JsonPath missed = notification(Notices.idOf("source:" + source, "RUN_MISSED"));
        assertThat(missed.getString("missed.expectedEvery")).isEqualTo("PT10M");
        assertThat(missed.getString("missed.grace")).isEqualTo("PT1M");
        assertThat(missed.getString("missed.lastSuccessAt"))
                .isEqualTo(twoHoursAgo.plusSeconds(60).toString());

        // and later sweeps record no second one: only a reminder once remind-every (3 s) passed
        await().atMost(Duration.ofSeconds(20))
                .until(() -> events("source:" + source).contains("STILL_FAILING"));
        assertThat(events("source:" + source).stream().filter("RUN_MISSED"::equals))
                .hasSize(1);

        // when it succeeds again, then it RECOVERED
        Notices.ended(source, "SUCCEEDED");
        assertThat(events("source:" + source)).last().isEqualTo("RECOVERED");
        assertThat(streak("source:" + source)).isEqualTo("OK 0");
    }

    @Test
    void aReportThatCouldNotBeSentIsNotifiedOncePerStreak() throws Exception {
        // given a report whose deliveries fail twice in a row
        String report = "r" + UUID.randomUUID().toString().substring(0, 8);
        LocalDate from = Api.uniqueWeek();
        String first = claimDelivery(report, from);
        failDelivery(first, "535 authentication failed");
        String second = claimDelivery(report, from);
        failDelivery(second, "535 authentication failed");

        // then one REPORT_FAILED, telling the delivery
        assertThat(events("report:" + report)).containsExactly("REPORT_FAILED");
        JsonPath failed = notification(Notices.idOf("report:" + report, "REPORT_FAILED"));
        assertThat(failed.getString("delivery.deliveryId")).isEqualTo(first);
        assertThat(failed.getString("delivery.error")).isEqualTo("535 authentication failed");
        assertThat(failed.getList("delivery.recipients")).containsExactly("ops@example.com");

        // when the next one is sent, then RECOVERED
        String third = claimDelivery(report, from);
        api().contentType(ContentType.JSON)
                .body(Map.of("users", 1, "total", "1.00"))
                .post("/api/report-deliveries/{id}/sent", third)
                .then()
                .statusCode(200);
        assertThat(events("report:" + report)).containsExactly("REPORT_FAILED", "RECOVERED");
    }

    @Test
    void theDigestIsRecordedOnceADay() throws Exception {
        // given the digest asked for from midnight on, then one DIGEST of today (UTC here) is recorded by the sweep
        String key = "digest:" + LocalDate.now(ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(20)).until(() -> digests(key) == 1);
        Notices.ended(Api.uniqueSource(), "SUCCEEDED");
        // and later sweeps record no other
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> digests(key) == 1);
    }

    private static long digests(String key) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from notification where dedupe_key = ? and event = 'DIGEST' "
                                + "and jsonb_typeof(content -> 'digest') = 'array'")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String claimDelivery(String report, LocalDate from) {
        return api().contentType(ContentType.JSON)
                .body(Map.of(
                        "report",
                        report,
                        "from",
                        from.toString(),
                        "to",
                        from.plusDays(7).toString(),
                        "recipients",
                        List.of("ops@example.com")))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201)
                .extract()
                .path("deliveryId");
    }

    private static void failDelivery(String id, String error) {
        api().contentType(ContentType.JSON)
                .body(Map.of("error", error))
                .post("/api/report-deliveries/{id}/failed", id)
                .then()
                .statusCode(200);
    }

    /** The subject's streak as "state failures". */
    private static String streak(String subject) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps =
                        c.prepareStatement("select state, failures from notification_streak where subject = ?")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getInt(2) : "none";
            }
        }
    }

    private double count(String event, String outcome) {
        Counter counter = registry.find("warehouse.notifications")
                .tag("event", event)
                .tag("outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static Map<String, Object> reject() {
        Map<String, Object> reject = new LinkedHashMap<>();
        reject.put("page", 1);
        reject.put("raw", Map.of("id", "x"));
        reject.put("reason", "amount: not a number");
        return reject;
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
