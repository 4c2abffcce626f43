package io.dailyetl.warehouse.report;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** A delivery was to be marked SENT or FAILED but is no longer SENDING (finished, or taken over). */
public final class DeliveryNotSending extends WarehouseFailure {

    DeliveryNotSending(UUID id, String status) {
        super(Kind.DELIVERY_NOT_SENDING, "delivery " + id + " is " + status + ", not SENDING");
    }
}
