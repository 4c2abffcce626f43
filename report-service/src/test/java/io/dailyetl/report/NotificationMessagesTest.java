package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.report.notify.NotificationMessage;
import io.dailyetl.report.notify.NotificationMessages;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What each event's notification says: its title (the mail's subject), its first lines, and its links. */
class NotificationMessagesTest {

    static final NotificationMessages MESSAGES = new NotificationMessages(
            "https://console.example/runs/{runId}?source={source}", "https://console.example/loads/{loadId}/rejects");
    static final UUID ID = UUID.fromString("7f3c9a52-4b1e-4d8a-9c6f-0e2d1b3a4c5d");

    static NotificationView of(
            NotificationEvent event,
            String subject,
            String source,
            NotificationView failed,
            NotificationView.Streak streak,
            NotificationView.Missed missed,
            NotificationView.Delivery delivery,
            List<NotificationView.DigestLine> digest) {
        return new NotificationView(
                ID,
                event,
                subject,
                source,
                Instant.parse("2026-12-07T06:00:00Z"),
                NotificationView.SENDING,
                0,
                null,
                null,
                null,
                List.of(),
                null,
                null,
                failed == null ? null : failed.run(),
                streak,
                missed,
                delivery,
                digest);
    }

    @Test
    void aFailedRunSaysItsSourceOutcomeDateErrorAndCountsFirst() {
        NotificationMessage m = MESSAGES.of(Notifications.runFailed(ID, "payments", "the source answered 500"));

        assertThat(m.title()).isEqualTo("[Daily ETL] payments: run FAILED (2026-12-07)");
        assertThat(m.headline())
                .containsExactly(
                        "[Daily ETL] payments: run FAILED (2026-12-07)",
                        "Error (SOURCE, not transient): the source answered 500",
                        "Checks: reject-share WARN (observed 0.06667, warn 0.05), volume ERROR (observed 0.42, error"
                                + " 0.5)",
                        "Records: 1200 fetched = 1100 loaded + 80 rejected + 20 duplicates",
                        "Run: https://console.example/runs/5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f?source=payments");
        assertThat(m.links())
                .containsEntry("rejects", "https://console.example/loads/1c7a4e8f-2e3d-4c6b-8f9a-8b7c6d5e4f32/rejects");
    }

    @Test
    void aRunRefusedBeforeItsCommitIsNotShownAsIfRecordsWentMissing() {
        // given a run whose commit its data checks refused: 1200 fetched, 80 rejected, nothing loaded
        NotificationMessage m = MESSAGES.of(Notifications.docsExample());

        // then its counts say what was counted, without an equation that does not add up
        assertThat(m.headline()).contains("Records: 1200 fetched, 80 rejected; nothing loaded");
        assertThat(m.text()).doesNotContain("1200 fetched = 0 loaded");
    }

    @Test
    void aSourceNameIsUrlEncodedInALink() {
        NotificationMessage m = MESSAGES.of(Notifications.runFailed(ID, "a b/c&d", "x"));

        assertThat(m.links().get("run")).endsWith("?source=a%20b%2Fc%26d");
    }

    @Test
    void aRecoveryAStreakAMissedRunAReportAndADigestEachHaveTheirTitle() {
        NotificationView failed = Notifications.runFailed(ID, "payments", "x");
        NotificationView.Streak streak = new NotificationView.Streak(
                5, Instant.parse("2026-12-02T02:00:00Z"), Instant.parse("2026-12-01T02:00:00Z"));

        List<String> recovered = MESSAGES.of(of(
                        NotificationEvent.RECOVERED, "source:payments", "payments", failed, streak, null, null, null))
                .headline();
        assertThat(recovered.get(0)).isEqualTo("[Daily ETL] payments: RECOVERED (2026-12-07)");
        assertThat(recovered).contains("Succeeded after 5 failed runs since 2026-12-02T02:00:00Z.");
        assertThat(MESSAGES.of(of(
                                NotificationEvent.STILL_FAILING,
                                "source:payments",
                                "payments",
                                failed,
                                streak,
                                null,
                                null,
                                null))
                        .title())
                .isEqualTo("[Daily ETL] payments: still failing (5 failed runs since 2026-12-02)");
        NotificationView.Missed missed = new NotificationView.Missed(
                Instant.parse("2026-12-05T02:00:00Z"), "P1D", "PT2H", Instant.parse("2026-12-06T04:00:00Z"));
        NotificationMessage missedRun = MESSAGES.of(
                of(NotificationEvent.RUN_MISSED, "source:payments", "payments", null, null, missed, null, null));
        assertThat(missedRun.headline())
                .containsExactly(
                        "[Daily ETL] payments: missed its daily run",
                        "No successful run since 2026-12-05T02:00:00Z; expected every P1D (grace PT2H), overdue since"
                                + " 2026-12-06T04:00:00Z.");
        NotificationView.Delivery delivery = new NotificationView.Delivery(
                UUID.randomUUID(),
                "weekly",
                LocalDate.parse("2026-11-30"),
                LocalDate.parse("2026-12-07"),
                List.of("a@example.com", "b@example.com"),
                "SMTP refused: 554 no");
        assertThat(MESSAGES.of(of(
                                NotificationEvent.REPORT_FAILED,
                                "report:weekly",
                                null,
                                null,
                                null,
                                null,
                                delivery,
                                null))
                        .headline())
                .containsExactly(
                        "[Daily ETL] weekly report not sent (2026-11-30 \u2013 2026-12-06)",
                        "It could not be sent to 2 recipients: SMTP refused: 554 no");
        NotificationMessage digest = MESSAGES.of(of(
                NotificationEvent.DIGEST,
                "digest",
                null,
                null,
                null,
                null,
                null,
                List.of(
                        new NotificationView.DigestLine(
                                "payments", 2, 1, 1, 900, 12, "FAILED", Instant.parse("2026-12-07T02:03:13Z")),
                        new NotificationView.DigestLine("orders", 1, 1, 0, 50, 0, "SUCCEEDED", null))));
        assertThat(digest.headline())
                .containsExactly("[Daily ETL] daily digest (2026-12-07)", "2 sources, 3 runs, 1 failed.");
        assertThat(digest.text()).contains("payments | 2 | 1 | 1 | 900 | 12 | FAILED | 2026-12-07T02:03:13Z");
    }

    @Test
    void aLineBreakOrAControlCharacterNeverReachesTheTitleOrTheHeadline() {
        NotificationMessage m = MESSAGES.of(
                Notifications.runFailed(ID, "pay\r\nBcc: x@attacker.test\u0000\u2028", "boom\r\nline two\u0007"));

        assertThat(m.title()).isEqualTo("[Daily ETL] pay Bcc: x@attacker.test: run FAILED (2026-12-07)");
        assertThat(m.headline()).allSatisfy(line -> assertThat(line).doesNotContainPattern("[\\p{Cntrl}\u2028\u2029]"));
        assertThat(m.headline().get(1)).isEqualTo("Error (SOURCE, not transient): boom line two");
        // the text body keeps an error's lines, each indented under its label
        assertThat(m.text()).contains("  Message:   boom\n             line two \n");
    }
}
