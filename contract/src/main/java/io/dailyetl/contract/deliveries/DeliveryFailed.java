package io.dailyetl.contract.deliveries;

/** Body of {@code POST /api/report-deliveries/{id}/failed}: why sending failed. */
public record DeliveryFailed(String error) {}
