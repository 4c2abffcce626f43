package io.dailyetl.contract.deliveries;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A report delivery as {@code GET /api/report-deliveries} lists it: the window {@code [from, to)}, its status
 * ({@code SENDING}, {@code SENT}, {@code FAILED}, {@code SUPERSEDED}), whether it was a forced resend, the recipients,
 * when it was claimed and finished, what it counted ({@code total} a string with 2 decimals), why it failed, and the
 * {@code Message-ID} a SENT delivery's mail carried.
 */
public record DeliveryRecord(
        UUID deliveryId,
        String report,
        LocalDate from,
        LocalDate to,
        String status,
        boolean forced,
        List<String> recipients,
        Instant claimedAt,
        Instant finishedAt,
        Long users,
        String total,
        String error,
        String messageId) {}
