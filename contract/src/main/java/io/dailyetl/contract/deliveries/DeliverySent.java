package io.dailyetl.contract.deliveries;

import java.math.BigDecimal;

/**
 * Body of {@code POST /api/report-deliveries/{id}/sent}: what the sent report held, and the {@code Message-ID} its
 * mail went out with (optional: a sender that does not say it leaves it unrecorded).
 */
public record DeliverySent(Long users, BigDecimal total, String messageId) {}
