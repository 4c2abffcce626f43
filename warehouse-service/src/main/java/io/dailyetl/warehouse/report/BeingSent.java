package io.dailyetl.warehouse.report;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** Another sender holds a live claim on the report window (SENDING), or claimed it at the same moment. */
public final class BeingSent extends WarehouseFailure {

    BeingSent(String detail) {
        super(Kind.BEING_SENT, detail);
    }
}
