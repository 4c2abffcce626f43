package io.dailyetl.warehouse.notify;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** A sender reported the result of a notification that another sender holds a live claim on, or never claimed. */
public final class NotificationClaimed extends WarehouseFailure {

    NotificationClaimed(String detail) {
        super(Kind.NOTIFICATION_CLAIMED, detail);
    }
}
