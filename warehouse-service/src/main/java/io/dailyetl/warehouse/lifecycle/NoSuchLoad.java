package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** The load asked about or acted on does not exist. */
public final class NoSuchLoad extends WarehouseFailure {

    public NoSuchLoad(UUID loadId) {
        super(Kind.NO_SUCH_LOAD, "no load " + loadId);
    }
}
