package io.dailyetl.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.dailyetl.report.service.WeeklySchedule;
import io.dailyetl.testing.LogCapture;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A scheduled week whose mail went out while SENT could not be recorded (the warehouse out of reach for that one
 * call, through a proxy in front of the real warehouse): its claim stays SENDING, the catch-up leaves it to its
 * sender while the claim lives and sends it again once it lapsed, under the same Message-ID. The test runs the
 * cron's firing and the catch-up itself (the periodic catch-up is off), with the schedule's clock at the firing.
 */
@QuarkusTest
@TestProfile(SentNotRecordedTest.Scheduled.class)
@WithTestResource(WarehouseProxyResource.class)
@WithTestResource(SmtpResource.class)
class SentNotRecordedTest {

    /** A Monday of the test's own in 2040–2049, where its cron fires and no other test writes. */
    private static final LocalDate END = LocalDate.of(2040, 1, 1)
            .with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY))
            .plusWeeks(ThreadLocalRandom.current().nextInt(0, 500));

    public static class Scheduled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("report.schedule.cron", "0 0 6 ? * MON 2040-2049", "report.schedule.catch-up-every", "off");
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

    @AfterEach
    void idle() {
        clock.idle();
    }

    @Test
    @Documents("troubleshooting: a week's mail arrived twice with the same `Message-ID`")
    @Documents("troubleshooting: log: \"… (catch-up) left to the sender that claimed it\"")
    void aWeekEmailedWithoutSentRecordedIsSentAgainUnderTheSameMessageIdOnceItsClaimLapses() throws Exception {
        // given a week whose firing cannot record SENT at the warehouse
        LocalDate from = END.minusDays(7);
        StubMapping cut = WarehouseProxyResource.server()
                .stubFor(post(urlPathMatching("/api/report-deliveries/[^/]+/sent"))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        clock.set(END.atTime(6, 1).toInstant(ZoneOffset.UTC));
        try (LogCapture log = LogCapture.of("io.dailyetl.report")) {
            // when the cron fires: the mail goes out, and its delivery stays SENDING
            try {
                assertThat(schedule.fire(END).emailedTo()).containsExactly("scheduled@example.com");
            } finally {
                WarehouseProxyResource.server().removeStub(cut);
            }
            assertThat(mails(from)).hasSize(1);
            assertThat(Fixtures.deliveryStatuses(from)).containsExactly("SENDING");
            assertThat(log.messages())
                    .anyMatch(m -> m.contains(from.toString()) && m.contains("SENT could not be recorded"));

            // and the catch-up, while that claim lives, leaves the week to its sender, saying so in the log
            assertThat(schedule.catchUp().beingSent()).isTrue();
            assertThat(mails(from)).hasSize(1);
            String left = log.messages().stream()
                    .filter(m -> m.contains(from.toString()) && m.contains("left to the sender"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no \"left to the sender\" line in " + log.messages()));
            Fixtures.assertShowsQuotes(
                    left, "troubleshooting: log: \"… (catch-up) left to the sender that claimed it\"");
        }

        // when the claim lapses, as the database tells time, and the catch-up runs
        lapse(from);
        assertThat(schedule.catchUp().emailedTo()).containsExactly("scheduled@example.com");

        // then the week arrived twice, both with the window's one Message-ID, and it is SENT
        List<MimeMessage> mails = mails(from);
        assertThat(mails).hasSize(2);
        assertThat(mails)
                .extracting(MimeMessage::getMessageID)
                .containsOnly("<weekly." + from + "." + END + "@daily-etl>");
        assertThat(Fixtures.deliveryStatuses(from)).containsExactlyInAnyOrder("SENT", "FAILED");
    }

    /** The mails received for the week starting {@code from}. */
    private static List<MimeMessage> mails(LocalDate from) {
        return Arrays.stream(SmtpResource.smtp().getReceivedMessages())
                .filter(m -> Fixtures.subject(m).contains(from.toString()))
                .toList();
    }

    /** Moves the week's SENDING claim's lease into the past by the database's clock, as if its sender had died. */
    private static void lapse(LocalDate from) throws Exception {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps = c.prepareStatement("update report_delivery set lease_expires_at = now() -"
                        + " interval '1 second' where window_from = ? and status = 'SENDING'")) {
            ps.setObject(1, from);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }
}
