package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.contract.loads.LoadStatus;
import io.dailyetl.warehouse.failure.WarehouseFailure;
import java.util.UUID;

/** A batch, commit, abort or heartbeat reached a load that is no longer OPEN (or, for abort, is COMMITTED). */
public final class LoadNotOpen extends WarehouseFailure {

    public LoadNotOpen(UUID loadId, LoadStatus status) {
        super(Kind.LOAD_NOT_OPEN, "load " + loadId + " is " + status + ", not OPEN");
    }
}
