package io.dailyetl.warehouse.staging;

import io.dailyetl.warehouse.failure.WarehouseFailure;

/** A batch carries more records and rejects than one batch may; nothing of it was staged. */
public final class BatchTooLarge extends WarehouseFailure {

    BatchTooLarge(int maxRecords) {
        super("a batch may carry at most " + maxRecords
                + " records and rejects (warehouse.batch.max-records); send smaller batches");
    }
}
