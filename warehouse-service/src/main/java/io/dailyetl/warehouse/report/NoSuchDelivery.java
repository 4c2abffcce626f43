package io.dailyetl.warehouse.report;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** The delivery to be marked SENT or FAILED does not exist. */
public final class NoSuchDelivery extends WarehouseFailure {

    NoSuchDelivery(UUID id) {
        super(Kind.NO_SUCH_DELIVERY, "no delivery " + id);
    }
}
