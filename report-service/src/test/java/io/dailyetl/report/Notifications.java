package io.dailyetl.report;

import io.dailyetl.contract.loads.CheckResult;
import io.dailyetl.contract.notifications.NotificationEvent;
import io.dailyetl.contract.notifications.NotificationView;
import io.dailyetl.contract.runs.ErrorKind;
import io.dailyetl.contract.runs.RunReport;
import io.dailyetl.contract.runs.RunStatus;
import io.dailyetl.contract.runs.RunView;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Notifications as the warehouse's claim answers them, built by a test (the sender's unit-level seam). */
public final class Notifications {

    private Notifications() {}

    /** A failed run of {@code source} with {@code error}: two attempts, the first lost. */
    public static RunView failedRun(UUID runId, String source, String error) {
        UUID load1 = UUID.fromString("0b6f3f7e-1d2c-4b5a-9e8f-7a6b5c4d3e21");
        UUID load2 = UUID.fromString("1c7a4e8f-2e3d-4c6b-8f9a-8b7c6d5e4f32");
        return new RunView(
                runId,
                source,
                RunStatus.FAILED,
                LocalDate.parse("2026-12-07"),
                "schedule",
                Instant.parse("2026-12-07T02:00:00Z"),
                Instant.parse("2026-12-07T02:03:13Z"),
                12,
                1200,
                1100,
                80,
                20,
                1,
                load2,
                error,
                List.of(
                        new RunView.Attempt(
                                1,
                                load1,
                                Instant.parse("2026-12-07T02:00:00Z"),
                                "the warehouse answered 503: database-refused"),
                        new RunView.Attempt(
                                2, load2, Instant.parse("2026-12-07T02:01:40Z"), "the source answered 500")),
                null,
                null,
                null,
                null,
                new RunView.Pull(
                        "INCREMENTAL",
                        Instant.parse("2026-12-05T23:00:00Z"),
                        null,
                        Instant.parse("2026-12-06T00:00:00Z"),
                        null),
                ErrorKind.SOURCE,
                false,
                List.of(
                        new CheckResult("reject-share", CheckResult.WARN, 80 / 1200.0, 0.05, null, null),
                        new CheckResult("duplicate-share", CheckResult.PASS, 20 / 1200.0, 0.05, null, null),
                        new CheckResult(
                                "volume",
                                CheckResult.ERROR,
                                0.42,
                                0.8,
                                0.5,
                                "1100 records against a median of 2619 over the last 5 runs")));
    }

    /** A RUN_FAILED notification of {@code source}'s run, pending, never sent to any channel. */
    public static NotificationView runFailed(UUID id, String source, String error) {
        UUID runId = UUID.fromString("5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f");
        return new NotificationView(
                id,
                NotificationEvent.RUN_FAILED,
                "source:" + source,
                source,
                Instant.parse("2026-12-07T02:03:14Z"),
                NotificationView.SENDING,
                0,
                null,
                "test-sender",
                Instant.parse("2026-12-07T02:08:14Z"),
                List.of(),
                null,
                null,
                new RunReport(failedRun(runId, source, error), 3L),
                new NotificationView.Streak(
                        1, Instant.parse("2026-12-07T02:03:13Z"), Instant.parse("2026-12-06T02:02:10Z")),
                null,
                null,
                null);
    }

    /** {@code n} as a later claim answers it, once {@code channels} accepted it. */
    public static NotificationView sentTo(NotificationView n, List<String> channels, int attempts) {
        return new NotificationView(
                n.id(),
                n.event(),
                n.subject(),
                n.source(),
                n.createdAt(),
                n.status(),
                attempts,
                n.nextAttemptAt(),
                n.claimedBy(),
                n.leaseExpiresAt(),
                channels,
                n.lastError(),
                n.sentAt(),
                n.run(),
                n.streak(),
                n.missed(),
                n.delivery(),
                n.digest());
    }

    /**
     * The example of docs/notifications.md: run 5d1e6f70-… of {@code payments} FAILED because its data checks refused
     * its load (volume), after a warning on its reject share; nothing merged, the watermark unmoved.
     */
    public static NotificationView docsExample() {
        UUID runId = UUID.fromString("5d1e6f70-8a9b-4c0d-9e1f-2a3b4c5d6e7f");
        UUID load = UUID.fromString("1c7a4e8f-2e3d-4c6b-8f9a-8b7c6d5e4f32");
        String error = "the warehouse answered 422: load " + load
                + " failed its data checks: volume 0.42 against error threshold 0.5 (1200 records against a median of"
                + " 2857 over the last 5 runs). Nothing was merged; ingest aborted the load.";
        RunView run = new RunView(
                runId,
                "payments",
                RunStatus.FAILED,
                LocalDate.parse("2026-12-07"),
                "schedule",
                Instant.parse("2026-12-07T02:00:00Z"),
                Instant.parse("2026-12-07T02:01:47Z"),
                12,
                1200,
                0,
                80,
                0,
                0,
                load,
                error,
                List.of(new RunView.Attempt(
                        1, load, Instant.parse("2026-12-07T02:00:00Z"), "its data checks refused the load")),
                null,
                null,
                null,
                null,
                new RunView.Pull(
                        "INCREMENTAL",
                        Instant.parse("2026-12-05T23:00:00Z"),
                        null,
                        Instant.parse("2026-12-06T00:00:00Z"),
                        null),
                ErrorKind.CHECKS,
                false,
                List.of(
                        new CheckResult("reject-share", CheckResult.WARN, 0.0667, 0.05, null, null),
                        new CheckResult("duplicate-share", CheckResult.PASS, 0.0167, 0.05, null, null),
                        new CheckResult(
                                "accepted-values",
                                "attributes.currency",
                                CheckResult.WARN,
                                0.0018,
                                0.0,
                                null,
                                null,
                                List.of("tx-20261206-0412", "tx-20261206-0977")),
                        new CheckResult(
                                "volume",
                                CheckResult.ERROR,
                                0.42,
                                0.8,
                                0.5,
                                "1200 records against a median of 2857 over the last 5 runs")));
        return new NotificationView(
                UUID.fromString("7f3c9a52-4b1e-4d8a-9c6f-0e2d1b3a4c5d"),
                NotificationEvent.RUN_FAILED,
                "source:payments",
                "payments",
                Instant.parse("2026-12-07T02:01:47Z"),
                NotificationView.SENDING,
                0,
                null,
                "report-service-7d9f-0c1e2a3b",
                Instant.parse("2026-12-07T02:03:47Z"),
                List.of(),
                null,
                null,
                new RunReport(run, 4L),
                new NotificationView.Streak(
                        1, Instant.parse("2026-12-07T02:01:47Z"), Instant.parse("2026-12-06T02:01:12Z")),
                null,
                null,
                null);
    }
}
