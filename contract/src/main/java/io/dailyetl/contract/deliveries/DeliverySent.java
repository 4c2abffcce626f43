package io.dailyetl.contract.deliveries;

import java.math.BigDecimal;

/** Body of {@code POST /api/report-deliveries/{id}/sent}: what the sent report held. */
public record DeliverySent(Long users, BigDecimal total) {}
