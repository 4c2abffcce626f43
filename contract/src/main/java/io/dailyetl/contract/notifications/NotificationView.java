package io.dailyetl.contract.notifications;

import io.dailyetl.contract.runs.RunReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A notification as the warehouse's outbox keeps it and its API answers: what happened ({@code event}) to which
 * {@code subject} ({@code source:<name>} or {@code report:<name>}), and what its sender must tell, as it was when the
 * event was recorded. {@code id} is the idempotency key of every channel: the e-mail's {@code Message-ID} and the
 * webhook's {@code X-DailyEtl-Id} derive from it, so a notification sent twice (a sender killed after the channel
 * accepted) is sent with the same key. {@code status}: {@code PENDING} (to be sent, at {@code nextAttemptAt} at the
 * earliest), {@code SENDING} (claimed by {@code claimedBy} until {@code leaseExpiresAt}), {@code SENT} (every channel
 * of its sender accepted it) or {@code GAVE_UP} (after {@code attempts} failed attempts; {@code lastError} says why).
 * {@code sentChannels} lists the channels that accepted it already, so a later attempt does not send to them again.
 * The content members are null where they do not apply to the event.
 */
public record NotificationView(
        UUID id,
        NotificationEvent event,
        String subject,
        String source,
        Instant createdAt,
        String status,
        int attempts,
        Instant nextAttemptAt,
        String claimedBy,
        Instant leaseExpiresAt,
        List<String> sentChannels,
        String lastError,
        Instant sentAt,
        RunReport run,
        Streak streak,
        Missed missed,
        Delivery delivery,
        List<DigestLine> digest) {

    /** Status of a notification still to be sent. */
    public static final String PENDING = "PENDING";
    /** Status of a notification claimed by a sender. */
    public static final String SENDING = "SENDING";
    /** Status of a notification every channel accepted. */
    public static final String SENT = "SENT";
    /** Status of a notification given up after its attempts. */
    public static final String GAVE_UP = "GAVE_UP";

    /**
     * The subject's failure streak as of this event: {@code failures} in a row since {@code since} (the first
     * failure's time), {@code lastSuccessAt} (null: none known). For RECOVERED, the streak that just ended.
     */
    public record Streak(int failures, Instant since, Instant lastSuccessAt) {}

    /**
     * Why a source is reported missing: its last successful run finished at {@code lastSuccessAt} (null: none; then
     * {@code since} is when it was first seen), a run was expected every {@code expectedEvery} (ISO-8601 duration)
     * plus {@code grace}, so it is overdue since {@code overdueSince}.
     */
    public record Missed(Instant lastSuccessAt, String expectedEvery, String grace, Instant overdueSince) {}

    /** A report delivery that failed: the report, its window {@code [from, to)}, recipients and the error. */
    public record Delivery(
            UUID deliveryId, String report, LocalDate from, LocalDate to, List<String> recipients, String error) {}

    /**
     * One source's runs in a digest's day: how many runs, succeeded and failed, the records loaded and rejected,
     * and its latest run's status and finish.
     */
    public record DigestLine(
            String source,
            int runs,
            int succeeded,
            int failed,
            long loaded,
            long rejected,
            String lastStatus,
            Instant lastFinishedAt) {}
}
