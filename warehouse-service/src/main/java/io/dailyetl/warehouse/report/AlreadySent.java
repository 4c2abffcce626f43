package io.dailyetl.warehouse.report;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** The report window was already emailed (SENT); only a forced claim sends it again. */
public final class AlreadySent extends WarehouseFailure {

    AlreadySent(String detail) {
        super(Kind.ALREADY_SENT, detail);
    }
}
