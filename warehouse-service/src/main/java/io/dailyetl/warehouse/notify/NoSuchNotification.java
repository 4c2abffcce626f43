package io.dailyetl.warehouse.notify;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** A result was reported for, or a look asked at, a notification that does not exist. */
public final class NoSuchNotification extends WarehouseFailure {

    NoSuchNotification(UUID id) {
        super(Kind.NO_SUCH_NOTIFICATION, "no notification " + id);
    }
}
