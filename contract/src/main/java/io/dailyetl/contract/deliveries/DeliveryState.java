package io.dailyetl.contract.deliveries;

import java.util.UUID;

/** A delivery as a caller reads it from the delivery API's answers ({@code SENDING}, {@code SENT}, {@code FAILED}). */
public record DeliveryState(UUID deliveryId, String status) {}
