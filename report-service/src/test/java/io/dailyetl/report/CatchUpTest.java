package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import io.dailyetl.report.service.WeeklySchedule;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catch-up: the window of the cron's most recent firing is sent unless it was SENT, whether the firing failed
 * (SMTP down) or its sender died mid-send (its claim lapsed). The schedule's clock is the test's: it stands just
 * after a Monday 06:00 firing of a week of the test's own (in 2070–2099, where the test cron fires and no other
 * test writes); the catch-up runs every second.
 */
@QuarkusTest
@TestProfile(CatchUpTest.CatchingUp.class)
@WithTestResource(WarehouseResource.class)
class CatchUpTest {

    static final RestartableSmtp SMTP = new RestartableSmtp();
    private static final LocalDate BASE = LocalDate.of(2070, 1, 1)
            .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY))
            .plusWeeks(ThreadLocalRandom.current().nextInt(0, 1300));
    private static final AtomicInteger WEEKS = new AtomicInteger();

    public static class CatchingUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "report.schedule.cron",
                    "0 0 6 ? * MON 2070-2099",
                    "report.schedule.catch-up-every",
                    "1s",
                    "quarkus.mailer.host",
                    "127.0.0.1",
                    "quarkus.mailer.port",
                    Integer.toString(SMTP.port()));
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(TestClock.class);
        }
    }

    @Inject
    WeeklySchedule schedule;

    @Inject
    TestClock clock;

    @BeforeEach
    void smtpUp() {
        SMTP.start();
    }

    @AfterEach
    void idle() {
        clock.idle();
        SMTP.start();
    }

    @Test
    void aWeekADeadReplicaLeftSendingIsSentOnceItsClaimLapses() throws Exception {
        // given a week whose firing a replica claimed before it died: the claim is SENDING, its lease alive
        LocalDate end = uniqueMonday();
        LocalDate from = end.minusDays(7);
        String dead = Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "report",
                        "weekly",
                        "from",
                        from.toString(),
                        "to",
                        end.toString(),
                        "recipients",
                        List.of("scheduled@example.com")))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201)
                .extract()
                .path("deliveryId");

        // when the catch-up runs after that firing, it leaves the live claim alone
        clock.set(end.atTime(6, 1).toInstant(ZoneOffset.UTC));
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.received(from.toString()).isEmpty());

        // and once the claim lapsed, as the database tells time
        lapse(dead);

        // then the catch-up takes the window over and it is emailed, once
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SMTP.received(from.toString()).size() == 1);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.received(from.toString()).size() == 1);
        MimeMessage mail = SMTP.received(from.toString()).get(0);
        assertThat(mail.getMessageID()).isEqualTo("<weekly." + from + "." + end + "@daily-etl>");
        assertThat(Fixtures.deliveryStatuses(from)).containsExactlyInAnyOrder("SENT", "FAILED");
        assertThat(Fixtures.warehouse()
                        .queryParam("report", "weekly")
                        .queryParam("limit", 500)
                        .get("/api/report-deliveries")
                        .then()
                        .extract()
                        .<String>path("find { it.deliveryId == '" + dead + "' }.error"))
                .contains("did not report back");
    }

    @Test
    @Documents("troubleshooting: weekly report answers 502")
    void aFiringThatFailedWhileSmtpWasDownIsSentOnceSmtpIsBack() {
        // given SMTP down
        SMTP.stop();
        LocalDate end = uniqueMonday();
        LocalDate from = end.minusDays(7);

        // when the cron fires for the week, the mail cannot go out and the window is released
        assertThat(schedule.fire(end)).isNull();
        assertThat(Fixtures.deliveryStatuses(from)).containsExactly("FAILED");

        // and the catch-up, running after that firing while SMTP is still down, fails too and keeps it released
        clock.set(end.atTime(6, 1).toInstant(ZoneOffset.UTC));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Fixtures.deliveryStatuses(from).stream()
                                .filter("FAILED"::equals)
                                .count()
                        >= 3);
        assertThat(Fixtures.deliveryStatuses(from)).doesNotContain("SENT");
        assertThat(SMTP.received(from.toString())).isEmpty();

        // when SMTP is back
        SMTP.start();

        // then the catch-up sends the week, once
        await().atMost(Duration.ofSeconds(20))
                .until(() -> SMTP.received(from.toString()).size() == 1);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> SMTP.received(from.toString()).size() == 1);
        assertThat(Fixtures.deliveryStatuses(from)).containsOnlyOnce("SENT").containsOnly("SENT", "FAILED");
    }

    @Test
    @Documents("troubleshooting: weekly report answers 502")
    void aReportThatSmtpRefusedIsSentByCallingAgainOnceSmtpIsBack() {
        // given SMTP down (the schedule's clock idle: the catch-up leaves this week alone)
        SMTP.stop();
        LocalDate end = uniqueMonday();
        LocalDate from = end.minusDays(7);
        Map<String, Object> body = Map.of("end", end.toString(), "to", List.of(Fixtures.uniqueAddress()));

        // when the report is asked for, it answers 502 and its delivery is FAILED
        Fixtures.api()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:smtp-failed"));
        assertThat(Fixtures.deliveryStatuses(from)).containsExactly("FAILED");

        // and once SMTP is back, calling again sends it, once
        SMTP.start();
        Fixtures.api()
                .contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(200)
                .body("emailedTo", is(body.get("to")));
        assertThat(SMTP.received(from.toString())).hasSize(1);
        assertThat(Fixtures.deliveryStatuses(from)).containsExactlyInAnyOrder("FAILED", "SENT");
    }

    /** A Monday of the test's own, with a free week around it. */
    private static LocalDate uniqueMonday() {
        return BASE.plusWeeks(3L * WEEKS.incrementAndGet());
    }

    /** Moves a delivery's lease into the past by the database's clock, as if its sender had been silent for long. */
    private static void lapse(String delivery) throws Exception {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement(
                        "update report_delivery set lease_expires_at = now() - interval '1 second' where id = ?::uuid")) {
            ps.setString(1, delivery);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
