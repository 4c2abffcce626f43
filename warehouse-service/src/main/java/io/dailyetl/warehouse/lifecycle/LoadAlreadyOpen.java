package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** A load of the source is OPEN with a live lease, so another one may not open. */
public final class LoadAlreadyOpen extends WarehouseFailure {

    private LoadAlreadyOpen(String detail) {
        super(Kind.LOAD_ALREADY_OPEN, detail);
    }

    /** The OPEN load that holds the source. */
    static LoadAlreadyOpen heldBy(Load alive) {
        return new LoadAlreadyOpen("load %s of %s is OPEN (run %s); its lease runs until %s"
                .formatted(alive.id, alive.source, alive.runId, alive.leaseExpiresAt));
    }

    /** Another open of the same source won the race and was gone again before it could be named. */
    static LoadAlreadyOpen openedConcurrently(String source) {
        return new LoadAlreadyOpen("another load of " + source + " was opened at the same time");
    }
}
